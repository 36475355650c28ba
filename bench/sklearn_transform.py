#!/usr/bin/env python3
"""sklearn_transform.py -- scikit-learn's H for new columns with W fixed,
for bench/transform: non_negative_factorization(A', H=W', update_H=False),
scikit-learn's own way to encode new samples with a learned basis.

    sklearn_transform.py A.npy W.npy --iters 50 --solver cd|mu

prints "iterations,seconds,relative_error" (seconds: the call alone, not
Python's start or the loads; relative error ||A - WH||/||A|| in float64),
or one line "skip: REASON" when scikit-learn is missing. tol = 0, so the
call makes its iterations. Used only by bench scripts.
"""
import argparse
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("matrix")
    p.add_argument("basis")
    p.add_argument("--iters", type=int, default=50)
    p.add_argument("--solver", default="cd")
    o = p.parse_args()
    try:
        import warnings
        import numpy as np
        from sklearn.decomposition import non_negative_factorization
    except ImportError as e:
        print(f"skip: {e.name} is not installed")
        return 0
    a = np.load(o.matrix).astype(np.float32)
    w = np.load(o.basis).astype(np.float32)
    x = np.ascontiguousarray(a.T)
    comp = np.ascontiguousarray(w.T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = time.perf_counter()
        h, _, n = non_negative_factorization(
            x, H=comp, n_components=w.shape[1], update_H=False,
            solver=o.solver, max_iter=o.iters, tol=0.0)
        t = time.perf_counter() - t
    rec = w.astype(np.float64) @ h.T.astype(np.float64)
    rel = np.linalg.norm(a.astype(np.float64) - rec) / np.linalg.norm(
        a.astype(np.float64))
    print("iterations,seconds,relative_error")
    print(f"{n},{t:.6f},{rel:.9g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
