# make-blocks.awk -- writes data/blocks.csv, the quick-start matrix:
#   awk -f data/make-blocks.awk > data/blocks.csv
# A 96 x 400 non-negative matrix A = W H with an exact rank of 6 parts:
# each column (a "sample") mixes 6 overlapping bumps along the 96 rows
# (the parts, W) with weights drawn from a small integer LCG (H), so
# `nmfkit factor data/blocks.csv -d 6` should drive the error close to 0
# and `nmfkit rank data/blocks.csv` reports 6. Integer arithmetic only, so
# every awk prints the same file. Entries are multiples of 1/16, exact in
# binary, so the file holds the exact low-rank matrix.
BEGIN {
    m = 96; n = 400; d = 6; seed = 1
    for (k = 0; k < d; k++) {
        centre = 8 + k * 16
        for (i = 0; i < m; i++) {
            dist = i - centre; if (dist < 0) dist = -dist
            W[i, k] = (dist < 12) ? (12 - dist) / 16 : 0
        }
    }
    for (j = 0; j < n; j++)
        for (k = 0; k < d; k++) {
            seed = (seed * 75 + 74) % 65537   # ZX81 LCG: exact in doubles
            H[k, j] = seed % 5                 # 0..4, one in five is 0
        }
    print "# blocks.csv: 96 x 400, exact non-negative rank 6 (data/make-blocks.awk)"
    for (i = 0; i < m; i++) {
        line = ""
        for (j = 0; j < n; j++) {
            v = 0
            for (k = 0; k < d; k++) v += W[i, k] * H[k, j]
            line = line (j ? "," : "") sprintf("%.6g", v)
        }
        print line
    }
}
