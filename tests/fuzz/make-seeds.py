#!/usr/bin/env python3
"""tests/fuzz/make-seeds.py -- writes the seed corpus (tests/fuzz/corpus/):
small valid inputs of every kind each reader takes, so the fuzzer starts
from the formats' structure. Run once; its output is committed. Inputs
that crashed a harness are added by hand as crash-* files beside them."""
import os, struct, sys, zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
def put(target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

# CSV: a selector byte (bit 0 --missing, bit 1 --header, bits 2-3 --skip).
csv = {
    "plain": (0, b"1,2,3\n4,5,6\n"),
    "spaces": (0, b"1 2 3\n4\t5 6\n"),
    "exp": (0, b"1.5e-3,2E+2,-0\n7,8,9\n"),
    "crlf": (0, b"1,2\r\n3,4\r\n"),
    "missing": (1, b"1,,3\n4,nan,6\n"),
    "header": (2, b"a,b,c\n1,2,3\n"),
    "skip": (6, b"id,b,c\n1,2,3\n4,5,6\n"),
    "skipnames": (14, b"id,x,3\n1,2,3\n"),
}
for name, (sel, body) in csv.items():
    put("csv", name, bytes([sel]) + body)

# Waveform tables: a selector byte (bits 0-1 skip list, 2-3 label column).
tables = {
    "plain": (0, b"0.1,0.2,0.3\n0.4,0.5,0.6\n"),
    "header": (0, b"t0,t1,t2\n0.1,0.2,0.3\n"),
    "id": (1, b"id,t0,t1\nw1,0.1,0.2\nw2,0.3,0.4\n"),
    "label": (5, b"id,label,t0,t1\nw1,A,0.1,0.2\nw2,B,0.3,0.4\n"),
}
for name, (sel, body) in tables.items():
    put("table", name, bytes([sel]) + body)

# .npy: every dtype and order the reader takes, version 1 and 2 headers.
def npy(descr, shape, fortran, payload, version=1):
    h = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, "True" if fortran else "False",
        "(%s,)" % shape[0] if len(shape) == 1 else str(tuple(shape)))
    hl = 4 if version == 2 else 2
    pad = (64 - (6 + 2 + hl + len(h) + 1) % 64) % 64
    h = h + " " * pad + "\n"
    size = struct.pack("<I" if version == 2 else "<H", len(h))
    return b"\x93NUMPY" + bytes([version, 0]) + size + h.encode() + payload
vals = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
put("npy", "f8_c", npy("<f8", (2, 3), False, struct.pack("<6d", *vals)))
put("npy", "f8_f", npy("<f8", (2, 3), True, struct.pack("<6d", *vals)))
put("npy", "f8_be", npy(">f8", (2, 3), False, struct.pack(">6d", *vals)))
put("npy", "f4_c", npy("<f4", (3, 2), False, struct.pack("<6f", *vals)))
put("npy", "i4", npy("<i4", (2, 3), False, struct.pack("<6i", 1, 2, 3, 4, 5, 6)))
put("npy", "u1", npy("|u1", (2, 3), False, bytes([1, 2, 3, 4, 5, 6])))
put("npy", "1d", npy("<f8", (3,), False, struct.pack("<3d", 1, 2, 3)))
put("npy", "v2", npy("<f8", (1, 2), False, struct.pack("<2d", 1, 2), 2))

# PNG: each colour type and a few depths, one interlaced.
def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
def png(w, h, depth, ctype, rows, extra=b"", interlace=0):
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0,
                                         interlace))
            + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
put("png", "gray8", png(3, 2, 8, 0, [b"\x00\x80\xff", b"\x10\x20\x30"]))
put("png", "gray1", png(8, 2, 1, 0, [b"\xa5", b"\x5a"]))
put("png", "gray16", png(2, 1, 16, 0, [b"\x00\x01\xff\xfe"]))
put("png", "rgb8", png(2, 2, 8, 2, [b"\xff\x00\x00\x00\xff\x00",
                                    b"\x00\x00\xff\xff\xff\xff"]))
put("png", "rgba16", png(1, 1, 16, 6, [b"\x12\x34\x56\x78\x9a\xbc\xff\xff"]))
put("png", "graya", png(2, 1, 8, 4, [b"\x80\xff\x40\x00"]))
put("png", "palette", png(2, 2, 2, 3, [b"\x40", b"\xc0"],
                          chunk(b"PLTE", b"\x00\x00\x00\xff\x00\x00"
                                         b"\x00\xff\x00\x00\x00\xff")
                          + chunk(b"tRNS", b"\x00\x80")))
put("png", "interlaced", png(3, 3, 8, 0, [b"\x01\x02\x03"] * 3,
                             interlace=1))

# PGM (P5): one- and two-byte samples, comments, a cut file.
put("pgm", "byte", b"P5\n2 2\n255\n\x01\x02\x03\x04")
put("pgm", "two-bytes", b"P5 #c\n2 1 1000 \x03\xe8\x01\xf4")
put("pgm", "comments", b"P5\n# comment\n3 1\n# x\n255\n\x0a\x23\xff")
put("pgm", "cut", b"P5 4 4 255 abc")

# Options: NUL between arguments.
opts = {
    "factor": ["-d", "5", "-n", "100", "--solver", "hals", "A.csv"],
    "losses": ["--loss", "kl", "--l1-w", "0.1", "--l2-h=0.5", "A.npy"],
    "data": ["--missing", "--mask", "M.npy", "--header", "--skip-columns",
             "1,id", "--rows-are-samples", "A.csv"],
    "numbers": ["--seed", "18446744073709551615", "--delta", "1e-9",
                "-r", "1,2,64", "--tol", "1e-4", "--max-time", "60"],
    "stop": ["--init", "nndsvda", "--accel-alpha", "0.5", "--",
             "-d", "A.csv"],
    "cluster": ["-qd3", "-n7", "x", "y"],
}
for name, argv in opts.items():
    put("options", name, b"\0".join(a.encode() for a in argv))
