"""gensim's KeyedVectors as the peer of StoreBenchmark, in a fresh process.

    store_peer.py prepare GLOVE_TXT OUT.kv           # KeyedVectors.save of the GloVe text (once)
    store_peer.py run OUT.kv WORDS [--single N] [--warmup N] [--batch N]

`run` prints JSON lines with the same kinds as StoreBenchmark: baseline (VmRSS after importing
gensim and numpy), open (KeyedVectors.load(..., mmap='r') wall time and VmRSS), first (the first
most_similar, which also computes the norms), single (most_similar(word, topn=10) one word at a
time: median/min/mean ms), batch (most_similar for each of the first N words in a loop: gensim has
no batch call for independent queries), memory (VmRSS after the queries).
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import emit, env_info, rss_mib  # noqa: E402


def prepare(txt, out):
    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(txt, binary=False, no_header=True)
    kv.save(out)


def run(kv_file, words_file, single, warmup, batch):
    import numpy  # noqa: F401
    from gensim.models import KeyedVectors
    words = [w.strip() for w in open(words_file, encoding='utf-8') if w.strip()]
    baseline = rss_mib()
    emit({'kind': 'baseline', 'rss_mib': round(baseline, 1), 'loadavg': '%.2f' % os.getloadavg()[0]})
    t0 = time.perf_counter()
    kv = KeyedVectors.load(kv_file, mmap='r')
    open_ms = (time.perf_counter() - t0) * 1e3
    after = rss_mib()
    emit({'kind': 'open', 'ms': round(open_ms, 2), 'rss_mib': round(after, 1),
          'rss_over_baseline_mib': round(after - baseline, 1), 'env': env_info()})
    t0 = time.perf_counter()
    first = kv.most_similar(words[0], topn=10)
    emit({'kind': 'first', 'ms': round((time.perf_counter() - t0) * 1e3, 2), 'top': first[0][0]})
    for i in range(warmup):
        kv.most_similar(words[(i + 7) % len(words)], topn=10)
    ms = []
    for w in words[:single]:
        t0 = time.perf_counter()
        kv.most_similar(w, topn=10)
        ms.append((time.perf_counter() - t0) * 1e3)
    emit({'kind': 'single', 'threads': 1, 'queries': len(ms), 'median_ms': round(statistics.median(ms), 3),
          'min_ms': round(min(ms), 3), 'mean_ms': round(statistics.mean(ms), 3),
          'loadavg': '%.2f' % os.getloadavg()[0]})
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for w in words[:batch]:
        kv.most_similar(w, topn=10)
    emit({'kind': 'batch', 'threads': 1, 'queries': min(batch, len(words)),
          'ms': round((time.perf_counter() - t0) * 1e3, 1), 'cpu_ms': round((time.process_time() - cpu0) * 1e3, 1),
          'loadavg': '%.2f' % os.getloadavg()[0]})
    after = rss_mib()
    emit({'kind': 'memory', 'rss_after_queries_mib': round(after, 1),
          'rss_after_queries_over_baseline_mib': round(after - baseline, 1)})


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest='cmd', required=True)
    a = sub.add_parser('prepare')
    a.add_argument('txt')
    a.add_argument('out')
    b = sub.add_parser('run')
    b.add_argument('kv')
    b.add_argument('words')
    b.add_argument('--single', type=int, default=200)
    b.add_argument('--warmup', type=int, default=100)
    b.add_argument('--batch', type=int, default=1000)
    args = p.parse_args()
    if args.cmd == 'prepare':
        prepare(args.txt, args.out)
    else:
        run(args.kv, args.words, args.single, args.warmup, args.batch)


if __name__ == '__main__':
    main()
