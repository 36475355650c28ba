/* sprites.h -- the generated CryptoPunks-like sprite set: our own embedded
 * default data, with ground truth.
 *
 * Each 24 x 24 RGBA sprite is built the way CryptoPunks are: transparent
 * background, a black-outlined head of one of a few shapes in one of a few
 * skin tones, plus optional parts each drawn from a small fixed library at
 * fixed positions (hair or hats, eyes or glasses, mouth items, beards,
 * earrings). Fully deterministic from (count, seed). */
#ifndef NMFI_SPRITES_H
#define NMFI_SPRITES_H

#include <stddef.h>
#include <stdint.h>

#include "io/png.h"
#include "nmfkit.h"

#define NMFI_SPRITE_SIZE 24

/* One entry of the parts library, drawn alone on a transparent tile. */
typedef struct nmfi_sprite_part {
    const char *name;   /* e.g. "hair/mohawk", "eyes/shades" */
    nmfi_image image;   /* 24 x 24 RGBA */
} nmfi_sprite_part;

typedef struct nmfi_sprite_parts {
    size_t count;
    nmfi_sprite_part *parts;
} nmfi_sprite_parts;

/* The whole library (heads in every skin tone included), in a fixed order:
 * the order of the tiles of sprite-parts.png. */
nmf_status nmfi_sprite_parts_make(nmfi_sprite_parts *out);
void nmfi_sprite_parts_free(nmfi_sprite_parts *p);

/* Sprites per row of a sheet unless the caller says otherwise. */
#define NMFI_SPRITE_SHEET_COLUMNS 50

/* Generate `count` sprites from `seed` and write:
 *   sheet_path  the sprites as a sheet, `columns` tiles per row (row-major;
 *               0: NMFI_SPRITE_SHEET_COLUMNS; at most `count`)
 *   csv_path    one line per sprite: index and the name of each part
 *               slot ("none" where empty), with a header line
 *   parts_path  every library part alone, as a sheet in library order
 * All three through temporaries: all written or none. */
nmf_status nmfi_sprites_write(size_t count, uint64_t seed, size_t columns,
                              const char *sheet_path, const char *csv_path,
                              const char *parts_path);

#endif
