#!/bin/sh
# no_blas.sh -- the library links no BLAS or LAPACK and exports only nmf_.
. "${top_srcdir:-.}/tests/testlib.sh"

lib="$top_builddir/.libs/libnmfkit.so"
if [ ! -f "$lib" ]; then
    echo "SKIP: $lib not built (static-only build)"
    exit 77
fi
if ldd "$lib" | grep -Eiq 'blas|lapack|mkl|atlas'; then
    fail "libnmfkit links a BLAS: $(ldd "$lib")"
else ok; fi
if nm -D --undefined-only "$lib" | grep -Eiq '(gemm|gemv|cblas|lapack)'; then
    fail "libnmfkit needs BLAS symbols: $(nm -D --undefined-only "$lib" | grep -Ei 'gemm|cblas')"
else ok; fi
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ && $3 !~ /^nmf_/ { print $3 }')
[ -z "$bad" ] && ok || fail "exported names without nmf_: $bad"
nm -D --defined-only "$lib" | grep -q ' T nmf_mu$' && ok || fail "nmf_mu not exported"
for prog in "$NMFKIT"; do
    ldd "$prog" 2>/dev/null | grep -Eiq 'blas|lapack' && fail "$prog links a BLAS" || ok
done
finish
