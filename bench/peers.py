#!/usr/bin/env python3
"""peers.py -- the peers nmfkit is compared with, one MU iteration timed.

    peers.py numpy|sklearn --m M --n N --d D [--iters K] [--repeats R]

prints "LIB,m,n,d,ms_per_iter" (median of R runs of K iterations, after one
untimed run), or "LIB,m,n,d,skip: REASON" when the peer is not installed.
Threads come from the environment (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS),
set by run-peers.sh.

numpy: the reference Lee-Seung loop in float32, H then W, delta = 1e-9:
    H *= (W.T @ A) / (W.T @ W @ H + delta)
    W *= (A @ H.T) / (W @ (H @ H.T) + delta)
(without the error, which the reference computes separately; nmfkit's
figures include it, so the comparison favours the peer).
sklearn: NMF(solver='mu', init='random', tol=0) on the same float32 matrix,
time of fit divided by its n_iter_.
Used only by bench scripts, never by the library or its tests.
"""
import argparse
import statistics
import sys
import time


def numpy_loop(np, a, d, iters, rng):
    m, n = a.shape
    scale = np.sqrt(a.mean() / d)
    w = (rng.random((m, d)) * scale).astype(np.float32)
    h = (rng.random((d, n)) * scale).astype(np.float32)
    delta = np.float32(1e-9)
    t0 = time.perf_counter()
    for _ in range(iters):
        h *= (w.T @ a) / (w.T @ w @ h + delta)
        w *= (a @ h.T) / (w @ (h @ h.T) + delta)
    return (time.perf_counter() - t0) / iters


def sklearn_fit(a, d, iters):
    import warnings
    from sklearn.decomposition import NMF
    model = NMF(n_components=d, solver="mu", init="random", max_iter=iters,
                tol=0, random_state=1)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "did not converge": tol = 0
        model.fit(a.T)  # samples as rows
    return (time.perf_counter() - t0) / max(model.n_iter_, 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lib", choices=["numpy", "sklearn"])
    p.add_argument("--m", type=int, default=1728)
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--d", type=int, default=64)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--repeats", type=int, default=5)
    o = p.parse_args()
    tag = f"{o.lib},{o.m},{o.n},{o.d}"
    try:
        import numpy as np
        if o.lib == "sklearn":
            import sklearn  # noqa: F401
    except ImportError as e:
        print(f"{tag},skip: {e.name} is not installed")
        return 0
    rng = np.random.default_rng(7)
    a = rng.random((o.m, o.n), dtype=np.float32)
    times = []
    for r in range(o.repeats + 1):
        if o.lib == "numpy":
            t = numpy_loop(np, a, o.d, o.iters, rng)
        else:
            t = sklearn_fit(a, o.d, o.iters)
        if r > 0:
            times.append(t)
    print(f"{tag},{1e3 * statistics.median(times):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
