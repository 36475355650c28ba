/* sprites.c -- the generated CryptoPunks-like sprite set (see sprites.h).
 *
 * Every head and every accessory is a small piece of pixel art written as
 * text below, one character per pixel, with an ink table naming the colours.
 * One function, paint(), lays a piece over a 24 x 24 RGBA8 tile; a sprite is
 * its head and parts painted in a fixed layer order, and a library part is
 * the same piece painted alone, so the ground truth is drawn by the very code
 * that drew the sprites. Pixels are integers until the end, so the PNG bytes
 * are the same in the float and the double build. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/rng.h"
#include "io/outputs.h"
#include "study/sprites.h"

enum {
    S = NMFI_SPRITE_SIZE,
    MAX_INKS = 6,
    PARTS_COLUMNS = 10,   /* library parts per row of its sheet */
    NAME_LEN = 64         /* room for a library name            */
};

/* One colour of a piece, named by the character that stands for it. */
typedef struct ink {
    char key;
    unsigned char r, g, b, a;
} ink;

/* A piece of pixel art: rows of S characters from canvas row `top` down,
 * '.' leaving the pixel as it is. */
typedef struct piece {
    const char *name;
    int top;
    const char *rows[S + 1];   /* NULL after the last row  */
    ink inks[MAX_INKS];        /* key '\0' after the last  */
} piece;

/* A skin tone inks a head's 's' skin, 'd' shade, 'w' eye white, 'e' pupil
 * and 'm' mouth; '#' is the black outline everywhere. */
typedef struct skin {
    const char *name;
    ink inks[MAX_INKS];
} skin;

static const ink OUTLINE = {'#', 0, 0, 0, 255};

/* ---- Heads ------------------------------------------------------------- */
/* All heads share the eye, ear and mouth rows, so accessories at fixed
 * positions fit every one; they differ in the skull and the jaw. */

static const piece heads[] = {
    {"round", 0, {
        "........................",
        "........................",
        "........................",
        "........................",
        "........................",
        "........########........",
        ".......#ssssssss#.......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        ".....##ssddssddss##.....",
        "....#ddsswesswessdd#....",
        "....#ddssssssssssdd#....",
        ".....##ssssddssss##.....",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......#sssmmmmsss#......",
        "......#ssssssssss#......",
        ".......#ssssssss#.......",
        "........#ssssss#........",
        ".........#dddd#.........",
        ".........#ssss#.........",
        ".........#ssss#.........",
        ".........#ssss#.........",
    }, {{0}}},
    {"square", 0, {
        "........................",
        "........................",
        "........................",
        "........................",
        "........................",
        "......############......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        ".....##ssddssddss##.....",
        "....#ddsswesswessdd#....",
        "....#ddssssssssssdd#....",
        ".....##ssssddssss##.....",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......#sssmmmmsss#......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......####dddd####......",
        ".........#ssss#.........",
        ".........#ssss#.........",
        ".........#ssss#.........",
        ".........#ssss#.........",
    }, {{0}}},
    {"long", 0, {
        "........................",
        "........................",
        "........................",
        "........................",
        "........########........",
        ".......#ssssssss#.......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        ".....##ssddssddss##.....",
        "....#ddsswesswessdd#....",
        "....#ddssssssssssdd#....",
        ".....##ssssddssss##.....",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        "......#sssmmmmsss#......",
        "......#ssssssssss#......",
        "......#ssssssssss#......",
        ".......#ssssssss#.......",
        "........#ssssss#........",
        ".........#dddd#.........",
        ".........#ssss#.........",
        ".........#ssss#.........",
    }, {{0}}},
};

static const skin skins[] = {
    {"light", {{'s', 219, 177, 128, 255}, {'d', 176, 136, 92, 255},
               {'w', 250, 250, 250, 255}, {'e', 62, 40, 28, 255},
               {'m', 142, 80, 60, 255}}},
    {"tan", {{'s', 174, 139, 97, 255}, {'d', 138, 106, 70, 255},
             {'w', 244, 244, 244, 255}, {'e', 52, 32, 20, 255},
             {'m', 106, 60, 45, 255}}},
    {"dark", {{'s', 113, 63, 29, 255}, {'d', 86, 46, 20, 255},
              {'w', 236, 236, 236, 255}, {'e', 30, 18, 10, 255},
              {'m', 62, 26, 12, 255}}},
    {"zombie", {{'s', 125, 162, 105, 255}, {'d', 94, 125, 78, 255},
                {'w', 214, 70, 60, 255}, {'e', 110, 20, 20, 255},
                {'m', 62, 84, 52, 255}}},
    {"alien", {{'s', 200, 251, 251, 255}, {'d', 150, 208, 214, 255},
               {'w', 255, 255, 255, 255}, {'e', 40, 64, 150, 255},
               {'m', 104, 158, 170, 255}}},
};

/* ---- Optional parts, one library per slot -------------------------------- */
/* Each part has its own hues ('a' main, 'b' shade, 'c' accent), unlike any
 * skin, so that NMF can see each part as its own direction in RGB space. */

static const piece hairs[] = {
    {"cap", 3, {
        "........bbbbbbbb........",
        ".......baaaaaaaab.......",
        "......baaaaaaaaaab......",
        "......baaaaaaaaaab......",
        "......baaaaaaaaaabbbbbb.",
    }, {{'a', 204, 32, 44, 255}, {'b', 132, 16, 26, 255}}},
    {"mohawk", 1, {
        "...........bb...........",
        "..........baab..........",
        "..........baab..........",
        "..........aaaa..........",
        "..........aaaa..........",
        "..........baab..........",
    }, {{'a', 255, 64, 172, 255}, {'b', 186, 30, 120, 255}}},
    {"long", 3, {
        ".......bbbbbbbbbb.......",
        "......baaaaaaaaaab......",
        ".....baaaaaaaaaaaab.....",
        ".....baaaaaaaaaaaab.....",
        ".....baaa......aaab.....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        "....baa..........aab....",
        ".....bb..........bb.....",
    }, {{'a', 240, 202, 72, 255}, {'b', 188, 148, 38, 255}}},
    {"bandana", 4, {
        ".......bbbbbbbbbb.......",
        "......baacaaaacaab......",
        "......baaaaacaaaab......",
        "....abbbbbbbbbbbbb......",
        "...aa...................",
        "..ab....................",
    }, {{'a', 40, 100, 220, 255}, {'b', 22, 60, 150, 255},
        {'c', 232, 236, 255, 255}}},
    {"beanie", 1, {
        "...........cc...........",
        "..........cccc..........",
        "........baaaaaab........",
        ".......baaaaaaaab.......",
        "......baaaaaaaaaab......",
        "......bbbbbbbbbbbb......",
        "......bbbbbbbbbbbb......",
    }, {{'a', 250, 142, 30, 255}, {'b', 190, 92, 12, 255},
        {'c', 255, 240, 196, 255}}},
    {"tophat", 1, {
        "........bbbbbbbb........",
        "........baaaaaab........",
        "........bccccccb........",
        "........baaaaaab........",
        ".....bbbbbbbbbbbbbb.....",
    }, {{'a', 112, 60, 162, 255}, {'b', 70, 34, 110, 255},
        {'c', 0, 172, 160, 255}}},
};

/* The visor is see-through (alpha 128), as a few CryptoPunks parts are. */
static const piece eyes[] = {
    {"shades", 11, {
        "......bbcaabbcaabb......",
        "........aaa..aaa........",
    }, {{'a', 40, 52, 140, 255}, {'b', 20, 26, 80, 255},
        {'c', 124, 144, 232, 255}}},
    {"3d", 10, {
        "......aaaaaaaaaaaa......",
        "......aabbbaacccaa......",
        "......aabbbaacccaa......",
    }, {{'a', 240, 240, 240, 255}, {'b', 222, 20, 40, 255},
        {'c', 20, 80, 232, 255}}},
    {"patch", 10, {
        "......bbbbbbaaaabb......",
        "............aaaa........",
        "............aaaa........",
        ".............aa.........",
    }, {{'a', 92, 92, 30, 255}, {'b', 60, 60, 20, 255}}},
    {"vr", 9, {
        ".....bbbbbbbbbbbbbb.....",
        ".....baaaaaaaaaaaab.....",
        ".....baaaaaaaaaaaab.....",
        ".....baacaaaaaacaab.....",
        ".....bbbbbbbbbbbbbb.....",
    }, {{'a', 180, 180, 192, 255}, {'b', 118, 118, 130, 255},
        {'c', 255, 60, 60, 255}}},
    {"visor", 10, {
        "...aaaaaaaaaaaaaaaaaa...",
        "...aaaaaaaaaaaaaaaaaa...",
        "...aaaaaaaaaaaaaaaaaa...",
    }, {{'a', 0, 220, 255, 128}}},
};

static const piece mouths[] = {
    {"pipe", 12, {
        "..................c.....",
        ".................c......",
        "..................c.....",
        "................b..b....",
        "..............aabaab....",
        "................baab....",
        ".................bb.....",
    }, {{'a', 142, 82, 30, 255}, {'b', 92, 50, 16, 255},
        {'c', 206, 212, 224, 255}}},
    {"cigarette", 12, {
        "...................c....",
        "..................c.....",
        "...................c....",
        "..................c.....",
        "..............aaaab.....",
    }, {{'a', 252, 250, 240, 255}, {'b', 255, 88, 0, 255},
        {'c', 186, 190, 200, 255}}},
    {"mask", 14, {
        ".....bbaaaaaaaaaabb.....",
        "......aaaaaaaaaaaa......",
        "......aabbbbbbbbaa......",
        "......aaaaaaaaaaaa......",
        ".......aaaaaaaaaa.......",
        "........aaaaaaaa........",
    }, {{'a', 172, 216, 236, 255}, {'b', 120, 170, 200, 255}}},
};

static const piece beards[] = {
    {"full", 13, {
        "......a..........a......",
        "......aa........aa......",
        "......aaabbbbbbaaa......",
        "......aaa......aaa......",
        "......aaaaaaaaaaaa......",
        ".......aaaaaaaaaa.......",
        "........aaaaaaaa........",
        ".........aaaaaa.........",
    }, {{'a', 100, 56, 20, 255}, {'b', 70, 36, 10, 255}}},
    {"goatee", 17, {
        ".........aaaaaa.........",
        "..........aaaa..........",
        "..........aaaa..........",
        "...........aa...........",
    }, {{'a', 214, 110, 40, 255}}},
    {"mustache", 15, {
        "........aaaaaaaa........",
        "........a......a........",
        ".......a........a.......",
    }, {{'a', 192, 192, 192, 255}}},
};

static const piece earrings[] = {
    {"gold", 13, {
        ".....a..................",
        ".....b..................",
    }, {{'a', 255, 200, 0, 255}, {'b', 200, 146, 0, 255}}},
};

/* ---- Slots --------------------------------------------------------------- */

typedef struct slot {
    const char *name;      /* CSV column and library name prefix */
    double chance;         /* a sprite has this slot filled      */
    const piece *options;
    size_t count;
} slot;

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* In CSV column order, which is also the library order. */
enum { HAIR, EYES, MOUTH, BEARD, EARRING, NSLOTS };
static const slot slots[NSLOTS] = {
    {"hair", 0.60, hairs, COUNT(hairs)},
    {"eyes", 0.30, eyes, COUNT(eyes)},
    {"mouth", 0.15, mouths, COUNT(mouths)},
    {"beard", 0.25, beards, COUNT(beards)},
    {"earring", 0.20, earrings, COUNT(earrings)},
};

/* Paint order after the head: later layers cover earlier ones, so a mask
 * hides a beard and long hair falls over the sides of a visor. */
static const int layer_order[NSLOTS] = {BEARD, MOUTH, EYES, HAIR, EARRING};

typedef struct sprite {
    size_t head, skin;
    int part[NSLOTS];   /* index into the slot's options; -1: none */
} sprite;

/* ---- Painting ------------------------------------------------------------ */

typedef unsigned char tile[S * S * 4];

static const ink *find_ink(char key, const ink *inks, const ink *more)
{
    for (const ink *k = inks; k && k->key; k++)
        if (k->key == key)
            return k;
    for (const ink *k = more; k && k->key; k++)
        if (k->key == key)
            return k;
    return key == OUTLINE.key ? &OUTLINE : NULL;
}

/* Non-premultiplied "over" in integers, rounded to nearest: an opaque ink
 * replaces the pixel, alpha 128 over an opaque pixel mixes the colours and
 * stays opaque, and over the transparent background keeps alpha 128. */
static void blend(unsigned char *px, const ink *k)
{
    const unsigned char src[3] = {k->r, k->g, k->b};
    unsigned sa = k->a, da = px[3];
    unsigned under = da * (255 - sa);      /* weight of the old pixel, x255 */
    unsigned total = sa * 255 + under;     /* new alpha, x255               */
    for (int c = 0; c < 3; c++)
        px[c] = (unsigned char)((src[c] * sa * 255 + px[c] * under
                                 + total / 2) / total);
    px[3] = (unsigned char)((total + 127) / 255);
}

static void paint(tile t, const piece *p, const ink *more)
{
    for (int r = 0; p->rows[r]; r++)
        for (int x = 0; x < S; x++) {
            const ink *k = find_ink(p->rows[r][x], p->inks, more);
            if (k)
                blend(&t[((p->top + r) * S + x) * 4], k);
        }
}

/* A piece that does not fit the tile or uses a character with no ink would
 * silently lose pixels in paint(); catch it before anything is drawn. */
static nmf_status check_piece(const piece *p, const char *what,
                              const ink *more)
{
    int r = 0;
    for (; p->rows[r]; r++) {
        if (p->top + r >= S || strlen(p->rows[r]) != S)
            return nmfi_error(NMF_E_INTERNAL, "sprite %s/%s: row %d does not"
                              " fit the %d x %d tile", what, p->name, r, S, S);
        for (int x = 0; x < S; x++) {
            const ink *k = find_ink(p->rows[r][x], p->inks, more);
            if (p->rows[r][x] != '.' && (!k || k->a == 0))
                return nmfi_error(NMF_E_INTERNAL, "sprite %s/%s: no visible"
                                  " ink for '%c'", what, p->name,
                                  p->rows[r][x]);
        }
    }
    return r > 0 ? NMF_OK : nmfi_error(NMF_E_INTERNAL, "sprite %s/%s: empty",
                                       what, p->name);
}

static nmf_status check_library(void)
{
    nmf_status s = NMF_OK;
    for (size_t h = 0; h < COUNT(heads) && s == NMF_OK; h++)
        for (size_t k = 0; k < COUNT(skins) && s == NMF_OK; k++)
            s = check_piece(&heads[h], "head", skins[k].inks);
    for (int j = 0; j < NSLOTS && s == NMF_OK; j++)
        for (size_t i = 0; i < slots[j].count && s == NMF_OK; i++)
            s = check_piece(&slots[j].options[i], slots[j].name, NULL);
    return s;
}

static void draw_sprite(tile t, const sprite *sp)
{
    memset(t, 0, sizeof(tile));
    paint(t, &heads[sp->head], skins[sp->skin].inks);
    for (int i = 0; i < NSLOTS; i++) {
        int j = layer_order[i];
        if (sp->part[j] >= 0)
            paint(t, &slots[j].options[sp->part[j]], NULL);
    }
}

static size_t pick(nmfi_rng *r, size_t n)
{
    size_t i = (size_t)(nmfi_rng_uniform(r) * (double)n);
    return i < n ? i : n - 1;
}

/* Every slot takes two draws whether filled or not, so each sprite uses the
 * same stretch of the stream and changing one chance moves no other draw. */
static void choose(nmfi_rng *r, sprite *sp)
{
    sp->head = pick(r, COUNT(heads));
    sp->skin = pick(r, COUNT(skins));
    for (int j = 0; j < NSLOTS; j++) {
        int filled = nmfi_rng_uniform(r) < slots[j].chance;
        size_t which = pick(r, slots[j].count);
        sp->part[j] = filled ? (int)which : -1;
    }
}

/* Copy a tile into an image at tile position (col, row); the only place
 * pixels become floats, v / 255, which the PNG writer rounds back to v. */
static void put_tile(nmfi_image *img, size_t col, size_t row, const tile t)
{
    for (size_t y = 0; y < S; y++)
        for (size_t x = 0; x < S; x++)
            for (size_t c = 0; c < 4; c++)
                img->rgba[(((row * S + y) * img->width) + col * S + x) * 4 + c]
                    = (float)t[(y * S + x) * 4 + c] / 255.0f;
}

/* An image of cols x rows tiles, all transparent. */
static nmf_status new_sheet(nmfi_image *img, size_t cols, size_t rows)
{
    nmf_status s = nmfi_image_new(img, cols * S, rows * S);
    if (s == NMF_OK)
        memset(img->rgba, 0, img->width * img->height * 4 * sizeof(float));
    return s;
}

/* ---- The library --------------------------------------------------------- */

static size_t library_count(void)
{
    size_t n = COUNT(heads) * COUNT(skins);
    for (int j = 0; j < NSLOTS; j++)
        n += slots[j].count;
    return n;
}

void nmfi_sprite_parts_free(nmfi_sprite_parts *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->parts && i < p->count; i++)
        nmfi_image_free(&p->parts[i].image);
    free(p->parts);
    p->parts = NULL;
    p->count = 0;
}

/* Library part i (< library_count()): its tile, and its name in `name`. */
static void library_part(size_t i, tile t, char name[NAME_LEN])
{
    memset(t, 0, sizeof(tile));
    size_t nheads = COUNT(heads) * COUNT(skins);
    if (i < nheads) {
        const piece *h = &heads[i / COUNT(skins)];
        const skin *k = &skins[i % COUNT(skins)];
        paint(t, h, k->inks);
        snprintf(name, NAME_LEN, "head/%s/%s", h->name, k->name);
        return;
    }
    i -= nheads;
    int j = 0;
    while (i >= slots[j].count)
        i -= slots[j++].count;
    paint(t, &slots[j].options[i], NULL);
    snprintf(name, NAME_LEN, "%s/%s", slots[j].name, slots[j].options[i].name);
}

nmf_status nmfi_sprite_parts_make(nmfi_sprite_parts *out)
{
    out->count = 0;
    out->parts = NULL;
    nmf_status s = check_library();
    if (s != NMF_OK)
        return s;
    size_t n = library_count();
    /* The names live in the same block, after the array: one free. */
    nmfi_sprite_part *parts = calloc(1, n * (sizeof *parts + NAME_LEN));
    if (!parts)
        return nmfi_error(NMF_E_NOMEM, "out of memory for the sprite parts");
    char *names = (char *)(parts + n);
    out->parts = parts;
    for (size_t i = 0; i < n; i++) {
        tile t;
        char *name = names + i * NAME_LEN;
        library_part(i, t, name);
        parts[i].name = name;
        s = nmfi_image_new(&parts[i].image, S, S);
        if (s != NMF_OK) {
            out->count = i;
            nmfi_sprite_parts_free(out);
            return s;
        }
        put_tile(&parts[i].image, 0, 0, t);
    }
    out->count = n;
    return NMF_OK;
}

/* ---- The set on disk ----------------------------------------------------- */

static nmf_status draw_sheet(const sprite *list, size_t count,
                             size_t columns, nmfi_image *img)
{
    if (columns > count)
        columns = count;
    nmf_status s = new_sheet(img, columns, (count + columns - 1) / columns);
    for (size_t i = 0; i < count && s == NMF_OK; i++) {
        tile t;
        draw_sprite(t, &list[i]);
        put_tile(img, i % columns, i / columns, t);
    }
    return s;
}

static nmf_status draw_parts_sheet(nmfi_image *img)
{
    nmfi_sprite_parts lib;
    nmf_status s = nmfi_sprite_parts_make(&lib);
    if (s != NMF_OK)
        return s;
    s = new_sheet(img, PARTS_COLUMNS,
                  (lib.count + PARTS_COLUMNS - 1) / PARTS_COLUMNS);
    for (size_t i = 0; i < lib.count && s == NMF_OK; i++) {
        nmfi_image *p = &lib.parts[i].image;
        size_t x0 = i % PARTS_COLUMNS * S, y0 = i / PARTS_COLUMNS * S;
        for (size_t y = 0; y < S; y++)
            memcpy(&img->rgba[((y0 + y) * img->width + x0) * 4],
                   &p->rgba[y * S * 4], S * 4 * sizeof(float));
    }
    nmfi_sprite_parts_free(&lib);
    return s;
}

static void write_csv(FILE *fp, const sprite *list, size_t count)
{
    fprintf(fp, "index,head,skin");
    for (int j = 0; j < NSLOTS; j++)
        fprintf(fp, ",%s", slots[j].name);
    fputc('\n', fp);
    for (size_t i = 0; i < count; i++) {
        const sprite *sp = &list[i];
        fprintf(fp, "%zu,%s,%s", i, heads[sp->head].name, skins[sp->skin].name);
        for (int j = 0; j < NSLOTS; j++)
            fprintf(fp, ",%s", sp->part[j] < 0
                    ? "none" : slots[j].options[sp->part[j]].name);
        fputc('\n', fp);
    }
}

/* The three files, published only when all are complete (io/outputs.h). */
static nmf_status write_all(const char *const paths[3], const nmfi_image *sheet,
                            const sprite *list, size_t count,
                            const nmfi_image *parts)
{
    nmfi_outputs out;
    FILE *fp[3];
    nmf_status s = nmfi_outputs_open(&out, NULL, NULL);
    for (int i = 0; i < 3 && s == NMF_OK; i++)
        s = nmfi_outputs_file(&out, paths[i], &fp[i]);
    if (s == NMF_OK)
        s = nmfi_png_write_fp(fp[0], sheet, 1, paths[0]);
    if (s == NMF_OK)
        write_csv(fp[1], list, count);   /* errors surface in commit */
    if (s == NMF_OK)
        s = nmfi_png_write_fp(fp[2], parts, 1, paths[2]);
    if (s == NMF_OK)
        return nmfi_outputs_commit(&out);
    nmfi_outputs_abort(&out);
    return s;
}

nmf_status nmfi_sprites_write(size_t count, uint64_t seed, size_t columns,
                              const char *sheet_path, const char *csv_path,
                              const char *parts_path)
{
    const char *const paths[3] = {sheet_path, csv_path, parts_path};
    if (count == 0)
        return nmfi_error(NMF_E_INVAL, "sprites: the count must be at least 1");
    if (columns == 0)
        columns = NMFI_SPRITE_SHEET_COLUMNS;
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (!strcmp(paths[i], paths[j]))
                return nmfi_error(NMF_E_INVAL, "%s: named for two of the"
                                  " outputs", paths[i]);
    nmf_status s = check_library();
    if (s != NMF_OK)
        return s;
    sprite *list = malloc(count * sizeof *list);
    if (!list)
        return nmfi_error(NMF_E_NOMEM, "out of memory for %zu sprites", count);
    nmfi_rng r;
    nmfi_rng_seed(&r, seed);
    for (size_t i = 0; i < count; i++)
        choose(&r, &list[i]);

    nmfi_image sheet = {0}, parts = {0};
    s = draw_sheet(list, count, columns, &sheet);
    if (s == NMF_OK)
        s = draw_parts_sheet(&parts);
    if (s == NMF_OK)
        s = write_all(paths, &sheet, list, count, &parts);
    nmfi_image_free(&sheet);
    nmfi_image_free(&parts);
    free(list);
    return s;
}
