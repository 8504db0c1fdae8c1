#!/usr/bin/python3
"""Rank-r factorization peers on a float32 matrix stored as .npy, one method per process.

Usage:
  svd_peer.py prepare --glove FILE OUT.npy             # GloVe text (.gz or not) -> float32 .npy
  svd_peer.py prepare --synthetic 400000x300 OUT.npy   # G diag(sigma) Q^T, sigma_i = (1+i)^-0.5, seed 0
  svd_peer.py run NPY METHOD [--rank auto|R] [--reps 3] [--threads 2] [--error]

METHOD: numpy_gram_rank (X^T X in float32, eigh in float64, U = X V_r S_r^-1, r columns: the
Gram-plus-eigh route), torch_svd (torch.linalg.svd, full_matrices=False), numpy_xtx (one X^T X,
the BLAS floor). RANK auto = floor(0.1 n d / (n + d)) (90% compression).

One untimed warm-up call, then --reps timed calls (when the warm-up takes over 10 s it counts as
the first timed call). Prints JSON lines: env (versions, threadpoolctl's BLAS core type and
threads), result (times, median, min, peak RSS of the process, RSS before the method ran, and with
--error the relative Frobenius error ||X - U_r S_r V_r^T||_F / ||X||_F accumulated in float64).
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import blas_info, emit, env_info, max_rss_mib, rss_mib, summary  # noqa: E402

SLOW_WARMUP_S = 10.0


def read_glove(path):
    with (gzip.open if path.endswith('.gz') else open)(path, 'rb') as f:
        raw = f.read().decode('utf-8')
    lines = raw.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    rest = [line.rstrip('\r').partition(' ')[2] for line in lines]
    return np.fromstring(' '.join(rest), sep=' ', dtype=np.float32).reshape(len(lines), -1)


def synthetic(n, d, seed=0):
    """The matrix of /work/shared/peers/svd_peers.py: Gaussian (n x d) diag(sigma) Q^T."""
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((n, d), dtype=np.float32)
    sigma = (1.0 + np.arange(d)) ** -0.5
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return g @ (sigma[:, None] * q.T).astype(np.float32)


def gram_rank(x, r):
    g = x.T @ x
    w, v = np.linalg.eigh(g.astype(np.float64))
    idx = np.argsort(w)[::-1][:r]
    s = np.sqrt(np.maximum(w[idx], 0.0))
    vr = v[:, idx]
    u = x @ (vr / s).astype(np.float32)
    return u, s, vr.T


def torch_svd(x, r):
    import torch
    u, s, vt = torch.linalg.svd(torch.from_numpy(x), full_matrices=False)
    return u, s, vt


def xtx(x, r):
    return x.T @ x


def rel_err(x, u, s, vt, r, chunk=65536):
    u = np.asarray(u)[:, :r]
    b = np.asarray(s[:r], dtype=np.float64)[:, None] * np.asarray(vt[:r], dtype=np.float64)
    num = den = 0.0
    for i in range(0, x.shape[0], chunk):
        xi = x[i:i + chunk].astype(np.float64)
        res = xi - u[i:i + chunk].astype(np.float64) @ b
        num += float(np.einsum('ij,ij->', res, res))
        den += float(np.einsum('ij,ij->', xi, xi))
    return (num / den) ** 0.5


METHODS = {'numpy_gram_rank': gram_rank, 'torch_svd': torch_svd, 'numpy_xtx': xtx}


def prepare(a):
    if (a.glove is None) == (a.synthetic is None):
        sys.exit('prepare: give exactly one of --glove FILE and --synthetic NxD')
    if a.glove:
        x = read_glove(a.glove)
    else:
        n, d = (int(v) for v in a.synthetic.lower().split('x'))
        x = synthetic(n, d, a.seed)
    x = np.ascontiguousarray(x, dtype=np.float32)
    tmp = a.out + '.tmp.npy'
    np.save(tmp, x)
    os.replace(tmp, a.out)
    emit({'kind': 'prepared', 'out': a.out, 'shape': list(x.shape), 'sum_f64': float(x.astype(np.float64).sum())})


def run(a):
    threads = None
    if a.method.startswith('torch'):  # torch only where used: importing it adds ~250 MiB of RSS
        import torch
        torch.set_num_threads(a.threads)
        threads = torch.get_num_threads()
    x = np.load(a.npy)
    if x.dtype != np.float32 or not x.flags['C_CONTIGUOUS']:
        sys.exit('%s: expected a C-contiguous float32 matrix, got %s' % (a.npy, x.dtype))
    n, d = x.shape
    r = int(0.1 * n * d / (n + d)) if a.rank == 'auto' else int(a.rank)
    fn = METHODS[a.method]
    emit({'kind': 'env', 'harness': 'svd_peer', 'matrix': os.path.basename(a.npy), 'n': n, 'd': d, 'rank': r,
          'torch_threads': threads, 'blas': blas_info(), **env_info()})
    rss_before = rss_mib()
    t0 = time.perf_counter()
    out = fn(x, r)
    first = time.perf_counter() - t0
    times = [first] if first > SLOW_WARMUP_S else []
    while len(times) < a.reps:
        del out
        t0 = time.perf_counter()
        out = fn(x, r)
        times.append(time.perf_counter() - t0)
    result = {'kind': 'result', 'harness': 'svd_peer', 'method': a.method, 'matrix': os.path.basename(a.npy),
              'n': n, 'd': d, 'rank': r, 'warmup_s': round(first, 4), 'warmup_counted': first > SLOW_WARMUP_S,
              **summary(times), 'max_rss_mib': round(max_rss_mib(), 1),
              'rss_before_method_mib': rss_before, 'matrix_mib': round(x.nbytes / 2 ** 20, 1),
              'OPENBLAS_CORETYPE': os.environ.get('OPENBLAS_CORETYPE'), 'loadavg': list(os.getloadavg())}
    if a.error and a.method != 'numpy_xtx':
        u, s, vt = (t.numpy() if hasattr(t, 'numpy') else t for t in out)
        result['rel_err'] = rel_err(x, u, s, vt, r)
    emit(result)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('prepare')
    p.add_argument('out')
    p.add_argument('--glove')
    p.add_argument('--synthetic')
    p.add_argument('--seed', type=int, default=0)
    q = sub.add_parser('run')
    q.add_argument('npy')
    q.add_argument('method', choices=sorted(METHODS))
    q.add_argument('--rank', default='auto')
    q.add_argument('--reps', type=int, default=3)
    q.add_argument('--threads', type=int, default=2)
    q.add_argument('--error', action='store_true')
    a = ap.parse_args()
    prepare(a) if a.cmd == 'prepare' else run(a)


if __name__ == '__main__':
    main()
