#!/bin/sh
# man_options.sh -- the man page covers the program: every command has its
# section in doc/nmfkit.1, and every option a command's --help names is in
# that section. When this fails, run doc/make-man (after make) and commit
# doc/nmfkit.1. Also: the page is clean roff (groff -ww, when installed).
. "${top_srcdir:-.}/tests/testlib.sh"

MAN="$top_srcdir/doc/nmfkit.1"
commands=$("$NMFKIT" --help | awk '/^Commands:/ { c = 1; next }
    c && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] && ok || fail "nmfkit --help lists no commands"
for c in $commands; do
    awk -v c="$c" '$0 == ".SS nmfkit " c { on = 1; next }
        /^\.S[SH] / { on = 0 } on' "$MAN" >"$TMP/section"
    [ -s "$TMP/section" ] && ok || fail "nmfkit.1: no section for $c"
    "$NMFKIT" "$c" --help | grep -E '^(  |      )-' \
        | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u >"$TMP/options"
    [ -s "$TMP/options" ] && ok || fail "$c --help names no option"
    while read -r opt; do
        roff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        if grep -q "\\\\fB$roff\\\\fR" "$TMP/section"; then ok; else
            fail "nmfkit.1 lacks $c $opt (run doc/make-man)"
        fi
    done <"$TMP/options"
done
if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$MAN" 2>"$TMP/groff" && [ ! -s "$TMP/groff" ] && ok \
        || fail "groff warns: $(cat "$TMP/groff")"
fi
finish
