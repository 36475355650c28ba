#!/usr/bin/env python3
"""select_planted.py -- does `nmfkit select` find a planted rank?

    bench/select_planted.py [--nmfkit ./nmfkit] [--rank 8] [--d 2:14]

For each noise level (Gaussian, SD 5 % and 20 % of the mean entry, then
clipped at 0) it makes a 100 x 300 matrix W H of the planted rank with
uniform factors (NumPy, seed 5), runs `nmfkit select` over --d with its
defaults (hals, 3 folds, 10 % held out) and prints the best d and the 1-SE
choice beside the planted rank. Exit 1 if a best d is off by more than 1.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nmfkit", default="./nmfkit")
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--d", default="2:14")
    args = ap.parse_args()
    rng = np.random.default_rng(5)
    a = rng.random((100, args.rank)) @ rng.random((args.rank, 300))
    bad = 0
    print(f"planted rank {args.rank}, 100 x 300, select --d {args.d}")
    print(f"{'noise':>6} {'best d':>7} {'1-SE d':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for level in (0.05, 0.2):
            x = a + level * a.mean() * rng.standard_normal(a.shape)
            path = os.path.join(tmp, f"a{level}.npy")
            np.save(path, np.maximum(x, 0).astype(np.float32))
            out = os.path.join(tmp, f"sel{level}")
            subprocess.run([args.nmfkit, "select", path, "--d", args.d,
                            "--quiet", "-o", out], check=True)
            with open(os.path.join(out, "summary.json")) as f:
                s = json.load(f)
            print(f"{level:6.2f} {s['best_d']:7d} {s['best_d_1se']:7d}")
            bad += abs(s["best_d"] - args.rank) > 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
