# help-to-roff.awk -- one command's --help as a man page subsection, read
# by doc/make-man: the usage line, the paragraphs around the options, and
# each option as a tagged paragraph. The help is the one text; this only
# changes its dress.
function esc(s) {
    gsub(/\\/, "\\e", s)
    return s
}
function line_out(s) {
    s = esc(s)
    if (s ~ /^[.']/)
        s = "\\&" s
    print s
}
function flush_option() {
    if (spec == "")
        return
    print ".TP"
    print spec
    k = split(desc, parts, "\n")
    for (i = 1; i <= k; i++)
        line_out(parts[i])
    spec = ""
    desc = ""
}
# "-d, --rank K" -> \fB\-d\fR, \fB\-\-rank\fR \fIK\fR
function option_spec(tokens, n,   out, i, t) {
    out = ""
    for (i = 1; i <= n; i++) {
        t = tokens[i]
        if (t ~ /^-/) {
            comma = (t ~ /,$/)
            sub(/,$/, "", t)
            gsub(/-/, "\\-", t)
            out = out (out == "" ? "" : " ") "\\fB" t "\\fR" (comma ? "," : "")
        } else {
            out = out " \\fI" esc(t) "\\fR"
        }
    }
    return out
}
BEGIN { state = "usage" }
state == "usage" && /^Usage: / {
    sub(/^Usage: nmfkit [a-z]+ ?/, "")
    printf ".SS nmfkit %s\n.nf\n\\fBnmfkit %s\\fR %s\n", cmd, cmd, esc($0)
    state = "usage+"
    next
}
state == "usage+" && /^          / {
    sub(/^ +/, "    ")
    print esc($0)
    next
}
state == "usage+" {
    print ".fi"
    print ".PP"
    state = "about"
}
state == "about" && /^$/ { state = "options"; next }
state == "about" { line_out($0); next }
# An option's line starts at column 3 (with a short letter) or 7; its
# text at column 23, or one space after a longer spec. The spec is the
# option names, then at most one argument name: upper case first
# (K, LIST, WxH), or the one lower-case value list, min|none.
state == "options" && /^(  |      )-/ {
    flush_option()
    n = 0
    rest = $0
    sub(/^ +/, "", rest)
    while (rest ~ /^-/) {
        match(rest, /^[^ ]+/)
        tokens[++n] = substr(rest, 1, RLENGTH)
        rest = substr(rest, RLENGTH + 1)
        sub(/^ /, "", rest)
        if (tokens[n] !~ /,$/)
            break
    }
    if (match(rest, /^([A-Z][^ ]*|[a-z]+[|][^ ]*)( |$)/)) {
        tokens[++n] = substr(rest, 1, RLENGTH)
        sub(/ $/, "", tokens[n])
        rest = substr(rest, RLENGTH + 1)
    }
    sub(/^ +/, "", rest)
    spec = option_spec(tokens, n)
    desc = rest
    next
}
state == "options" && /^          / {
    t = $0
    sub(/^ +/, "", t)
    desc = desc (desc == "" ? "" : "\n") t
    next
}
state == "options" && /^$/ { flush_option(); state = "after"; print ".PP"; next }
state == "options" { flush_option(); line_out($0); next }
state == "after" && /^$/ { print ".PP"; next }
state == "after" { line_out($0); next }
END { flush_option() }
