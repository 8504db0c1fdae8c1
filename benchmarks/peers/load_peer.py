#!/usr/bin/python3
"""Load a GloVe text file (word v1 ... vd per line, no header; .gz or not) into a float32 matrix and a
vocabulary with one peer method, one method per process so that the peak RSS belongs to it.

Usage: load_peer.py FILE METHOD [--reps 3]

METHOD: numpy_loadtxt (numpy's C np.loadtxt for the numbers, one pass for the words; the method of
/work/shared/peers/load_peers.py), gensim (KeyedVectors.load_word2vec_format(no_header=True)).
Both read .gz directly. The page cache is warmed by one untimed read of the file. Prints JSON lines:
env, then result (times, median, min, MB/s on the uncompressed size, peak RSS ru_maxrss of the
process, RSS before the first load, checksum).
"""
import argparse
import gc
import gzip
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import emit, env_info, max_rss_mib, rss_mib, summary  # noqa: E402


def opener(path):
    return gzip.open(path, 'rt', encoding='utf-8') if path.endswith('.gz') else open(path, encoding='utf-8')


def numpy_loadtxt(path):
    with opener(path) as f:
        d = len(f.readline().rstrip('\n').split(' ')) - 1
    x = np.loadtxt(path, dtype=np.float32, comments=None, delimiter=' ', usecols=range(1, d + 1),
                   quotechar=None, encoding='utf-8', ndmin=2)
    with opener(path) as f:
        words = [line.partition(' ')[0] for line in f]
    return words, x


def gensim_load(path):
    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(path, binary=False, no_header=True, datatype=np.float32)
    return list(kv.index_to_key), kv.vectors


METHODS = {'numpy_loadtxt': numpy_loadtxt, 'gensim': gensim_load}


def uncompressed_size(path):
    if not path.endswith('.gz'):
        return os.path.getsize(path)
    n = 0
    with gzip.open(path, 'rb') as f:
        while True:
            chunk = f.read(1 << 24)
            if not chunk:
                return n
            n += len(chunk)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('file')
    ap.add_argument('method', choices=sorted(METHODS))
    ap.add_argument('--reps', type=int, default=3)
    a = ap.parse_args()
    if a.method == 'gensim':
        import gensim  # noqa: F401  (imported before the baseline, so its version is reported)
    size = uncompressed_size(a.file)
    with open(a.file, 'rb') as f:
        while f.read(1 << 24):
            pass
    emit({'kind': 'env', 'harness': 'load_peer', 'file': os.path.basename(a.file), 'uncompressed_bytes': size,
          **env_info()})
    rss_before = rss_mib()
    fn = METHODS[a.method]
    times = []
    words = x = None
    for _ in range(a.reps):
        words = x = None
        gc.collect()
        t0 = time.perf_counter()
        words, x = fn(a.file)
        times.append(time.perf_counter() - t0)
    s = summary(times)
    emit({'kind': 'result', 'harness': 'load_peer', 'method': a.method, 'file': os.path.basename(a.file), **s,
          'mb_per_s': round(size / 1e6 / s['median_s'], 1), 'V': len(words), 'd': int(x.shape[1]),
          'max_rss_mib': round(max_rss_mib(), 1), 'rss_before_mib': rss_before,
          'matrix_mib': round(x.nbytes / 2 ** 20, 1), 'sum_f64': float(x.astype(np.float64).sum()),
          'loadavg': list(os.getloadavg())})


if __name__ == '__main__':
    main()
