#!/usr/bin/python3
"""faiss' ProductQuantizer on a float32 .npy matrix: training and encoding time, relative error.

Usage: pq_peer.py NPY [--subspaces 10] [--bits 8] [--iterations 25] [--threads 1] [--reps 3] [--warmup 1]

One process, one thread count (faiss.omp_set_num_threads, and the BLAS threads through
threadpoolctl when it is there). faiss.ProductQuantizer(d, M, b) with cp.niter = --iterations
(faiss runs every iteration, there is no tolerance) and its default sampling: each sub-space's
k-means trains on at most cp.max_points_per_centroid * 2^b = 256 * 2^b rows drawn with cp.seed
(65,536 for b = 8), the same size lore's ProductQuantizationConfig uses by default. Seeding is
faiss' own (random rows), lore's is k-means++.

--warmup untimed runs, then --reps timed runs of train + compute_codes. Prints JSON lines: env
(faiss version, threads, BLAS info, load average), then one 'result' line per run with train_s,
encode_s, total_s, and rel_err = ||X - decode(codes)||_F / ||X||_F accumulated in float64.
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import blas_info, emit, env_info  # noqa: E402


def rel_error(x, r):
    num = 0.0
    den = 0.0
    for s in range(0, x.shape[0], 65536):
        a = x[s:s + 65536].astype(np.float64)
        b = r[s:s + 65536].astype(np.float64)
        num += float(((a - b) ** 2).sum())
        den += float((a ** 2).sum())
    return (num / den) ** 0.5


def one(faiss, x, m, b, iters):
    pq = faiss.ProductQuantizer(x.shape[1], m, b)
    pq.cp.niter = iters
    t0 = time.perf_counter()
    pq.train(x)
    t1 = time.perf_counter()
    codes = pq.compute_codes(x)
    t2 = time.perf_counter()
    return pq, codes, t1 - t0, t2 - t1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('npy')
    ap.add_argument('--subspaces', type=int, default=10)
    ap.add_argument('--bits', type=int, default=8)
    ap.add_argument('--iterations', type=int, default=25)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--warmup', type=int, default=1)
    a = ap.parse_args()
    import faiss
    faiss.omp_set_num_threads(a.threads)
    try:
        import threadpoolctl
        threadpoolctl.threadpool_limits(a.threads)
    except ImportError:
        pass
    x = np.ascontiguousarray(np.load(a.npy), dtype=np.float32)
    pq0 = faiss.ProductQuantizer(x.shape[1], a.subspaces, a.bits)
    emit({'kind': 'env', **env_info(faiss=faiss.__version__, threads=a.threads, blas=blas_info(),
                                    rows=x.shape[0], d=x.shape[1], subspaces=a.subspaces, bits=a.bits,
                                    iterations=a.iterations,
                                    training_rows=min(x.shape[0], pq0.cp.max_points_per_centroid << a.bits),
                                    sum_f64=float(x.astype(np.float64).sum()))})
    for _ in range(a.warmup):
        one(faiss, x, a.subspaces, a.bits, a.iterations)
    for rep in range(a.reps):
        pq, codes, t_train, t_enc = one(faiss, x, a.subspaces, a.bits, a.iterations)
        err = rel_error(x, pq.decode(codes)) if rep == 0 else None
        emit({'kind': 'result', 'method': 'faiss_pq', 'threads': a.threads, 'rep': rep, 'train_s': t_train,
              'encode_s': t_enc, 'total_s': t_train + t_enc, 'rel_err': err,
              'loadavg': list(os.getloadavg())})


if __name__ == '__main__':
    main()
