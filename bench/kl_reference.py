#!/usr/bin/env python3
"""kl_reference.py -- nmfkit's KL MU against a float64 NumPy implementation
of Lee & Seung's KL updates, from the same start:

    bench/kl_reference.py [--nmfkit ./nmfkit] [--input A.npy] [-d 8] [-n 200]

Without --input it makes a 60 x 200 non-negative matrix of rank 8 with
uniform noise and a share --zeros of its entries set to 0 (default 0.3:
the tile pass; 0.8 takes the pass over the non-zeros). W0, H0 are drawn by
NumPy and given to both (--init-w, --init-h). It prints the largest
relative gap of the divergence history over the iterations, the relative
gaps of W and H at the end, and whether the divergence ever rose; exit 1
if a gap exceeds 1e-3. NumPy is a peer here, never used by the library.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np


def kl(a, p, delta):
    """D(A || P) as nmfkit.h defines it."""
    pos = a > 0
    ph = np.maximum(p, delta)
    return (np.sum(a[pos] * np.log(a[pos] / ph[pos]) - a[pos] + ph[pos])
            + np.sum(p[~pos]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nmfkit", default="./nmfkit")
    ap.add_argument("--input")
    ap.add_argument("-d", type=int, default=8)
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--delta", type=float, default=1e-9)
    ap.add_argument("--zeros", type=float, default=0.3)
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        if args.input:
            a = np.load(args.input).astype(np.float64)
            path = args.input
        else:
            a = rng.random((60, args.d)) @ rng.random((args.d, 200))
            a += 0.1 * rng.random(a.shape)
            a[rng.random(a.shape) < args.zeros] = 0
            path = os.path.join(tmp, "a.npy")
            np.save(path, a.astype(np.float32))
            a = a.astype(np.float32).astype(np.float64)
        m, n = a.shape
        scale = np.sqrt(a.mean() / args.d)
        w = (rng.random((m, args.d)) * scale).astype(np.float32)
        h = (rng.random((args.d, n)) * scale).astype(np.float32)
        np.save(os.path.join(tmp, "w0.npy"), w)
        np.save(os.path.join(tmp, "h0.npy"), h)
        out = os.path.join(tmp, "out")
        subprocess.run([args.nmfkit, "factor", path, "-d", str(args.d),
                        "-n", str(args.n), "--loss", "kl", "--delta",
                        str(args.delta), "--init-w",
                        os.path.join(tmp, "w0.npy"), "--init-h",
                        os.path.join(tmp, "h0.npy"), "-o", out, "--quiet"],
                       check=True)
        hist = np.loadtxt(os.path.join(out, "history.csv"), delimiter=",",
                          skiprows=1)[:, 1]
        w_ours = np.load(os.path.join(out, "W.npy")).astype(np.float64)
        h_ours = np.load(os.path.join(out, "H.npy")).astype(np.float64)
    w = w.astype(np.float64)
    h = h.astype(np.float64)
    d = args.delta
    ref = []
    for _ in range(args.n):
        q = a / np.maximum(w @ h, d)
        h = h * (w.T @ q) / (w.sum(axis=0)[:, None] + d)
        q = a / np.maximum(w @ h, d)
        w = w * (q @ h.T) / (h.sum(axis=1)[None, :] + d)
        ref.append(kl(a, w @ h, d))
    ref = np.array(ref)
    gap = np.max(np.abs(hist - ref) / ref)
    gw = np.linalg.norm(w_ours - w) / np.linalg.norm(w)
    gh = np.linalg.norm(h_ours - h) / np.linalg.norm(h)
    rose = int(np.sum(np.diff(hist) > 1e-6 * hist[:-1]))
    print(f"{m} x {n}, d = {args.d}, {args.n} iterations, KL MU")
    print(f"history: largest relative gap to NumPy float64 {gap:.2e}")
    print(f"W: relative gap {gw:.2e}   H: relative gap {gh:.2e}")
    print(f"D(A || WH) from {hist[0]:.6g} to {hist[-1]:.6g}; iterations where"
          f" it rose: {rose}")
    return 0 if max(gap, gw, gh) <= 1e-3 and rose == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
