#!/usr/bin/env python3
"""sklearn_fit.py -- scikit-learn's NMF on a matrix nmfkit also factors, for
bench/time-to-error: one fit per iteration count, each timed alone.

    sklearn_fit.py A.npy --d D --solver cd|mu --init nndsvda|random|...
                   --iters 10,50,200

prints "iterations,seconds,relative_error" per count (seconds: the fit
alone, not Python's start or the load; relative error ||A - WH||/||A||
computed in float64), or one line "skip: REASON" when scikit-learn is
missing. A holds samples as columns (nmfkit's convention); scikit-learn is
given A' (samples as rows). tol = 0, so every fit makes its iterations.
Threads come from the environment (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS).
Used only by bench scripts, never by the library or its tests.
"""
import argparse
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("matrix")
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--solver", default="cd")
    p.add_argument("--init", default="nndsvda")
    p.add_argument("--iters", default="200")
    p.add_argument("--seed", type=int, default=1)
    o = p.parse_args()
    try:
        import warnings
        import numpy as np
        from sklearn.decomposition import NMF
    except ImportError as e:
        print(f"skip: {e.name} is not installed")
        return 0
    a = np.load(o.matrix).astype(np.float32)
    x = np.ascontiguousarray(a.T)
    norm = np.linalg.norm(a.astype(np.float64))
    print("iterations,seconds,relative_error")
    for it in [int(v) for v in o.iters.split(",")]:
        model = NMF(n_components=o.d, solver=o.solver, init=o.init, tol=0,
                    max_iter=it, random_state=o.seed)
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "did not converge": tol = 0
            w = model.fit_transform(x)
        seconds = time.perf_counter() - t0
        r = x.astype(np.float64) - w.astype(np.float64) @ model.components_
        print(f"{it},{seconds:.6f},{np.linalg.norm(r) / norm:.9g}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
