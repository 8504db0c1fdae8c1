#!/usr/bin/python3
"""Markdown tables from the JSON lines benchmarks/run.sh appended to benchmarks/results/*.jsonl.

Usage: summarize.py [RESULTS_DIR] [--session ID]   (default: the latest session of each file)

Medians: of all timed runs of a configuration over all rounds of the session. Ratios: per round,
peer median / lore median in that round (the two ran back to back), then the median over rounds;
a ratio above 1 means lore is faster.
"""
import argparse
import json
import os
import statistics
from collections import defaultdict


def read(path, session):
    rows = []
    if not os.path.exists(path):
        return rows, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    sessions = [r['session'] for r in rows if 'session' in r]
    chosen = session or (sessions[-1] if sessions else None)
    return [r for r in rows if r.get('session') == chosen], chosen


def med(xs):
    return statistics.median(xs) if xs else float('nan')


def fmt(x, digits=3):
    if x is None or x != x:
        return 'n/a'
    return ('%.' + str(digits) + 'f') % x


def loads(rows):
    values = [float(r['loadavg'][0] if isinstance(r['loadavg'], list) else str(r['loadavg']).split()[0])
              for r in rows if r.get('loadavg') not in (None, 'unknown')]
    return '%.1f-%.1f' % (min(values), max(values)) if values else 'n/a'


def per_round(rows, label, value):
    """{round: median of value(row) over the rows with this label}"""
    out = defaultdict(list)
    for r in rows:
        if r.get('label') == label:
            for v in value(r):
                out[r['round']].append(v)
    return {k: med(v) for k, v in out.items()}


def ratio(peer, lore):
    common = sorted(set(peer) & set(lore))
    return med([peer[k] / lore[k] for k in common]) if common else float('nan')


def header(title, session, rows):
    machine = next((r for r in rows if r.get('kind') == 'machine'), {})
    print('### %s\n' % title)
    print('Session %s, %s, %s cores, %s; load average %s during the runs.\n' % (
        session, machine.get('cpu', '?'), machine.get('cores', '?'), machine.get('java', '?'), loads(rows)))


def load_table(rows, session):
    header('Load', session, rows)
    lore_runs = lambda r: [r['seconds']] if 'run' in r and 'seconds' in r else []  # noqa: E731
    peer_runs = lambda r: r.get('times_s', []) if r.get('kind') == 'result' else []  # noqa: E731
    print('| file | loader | median s | min s | MB/s | lore speed-up (per-round ratio) | peak RSS MiB | runs |')
    print('|---|---|---|---|---|---|---|---|')
    for kind in ('txt', 'gz'):
        lore = per_round(rows, 'lore-' + kind, lore_runs)
        size = next((r['uncompressed_bytes'] for r in rows if r.get('label') == 'lore-' + kind and 'uncompressed_bytes' in r), None)
        for label, name, runs in (('lore-' + kind, 'lore', lore_runs),
                                  ('numpy-loadtxt-' + kind, 'numpy.loadtxt', peer_runs),
                                  ('gensim-' + kind, 'gensim load_word2vec_format', peer_runs)):
            times = [t for r in rows if r.get('label') == label for t in runs(r)]
            if not times:
                continue
            if name == 'lore':
                mem = next((r.get('vmhwm_mib') for r in rows if r.get('label') == label + '-memory'), None)
                speed = '1'
            else:
                mem = max((r.get('max_rss_mib', 0) for r in rows if r.get('label') == label), default=None)
                speed = fmt(ratio(per_round(rows, label, runs), lore), 2)
            print('| .%s | %s | %s | %s | %s | %s | %s | %d |' % (
                kind, name, fmt(med(times)), fmt(min(times)), fmt(size / 1e6 / med(times), 0) if size else 'n/a',
                speed, fmt(mem, 0), len(times)))
    first = [r['first_load_s'] for r in rows if r.get('label') in ('lore-txt',) and r.get('summary')]
    if first:
        print('\nlore, first load in a fresh JVM (.txt, includes JIT warm-up): median %s s over %d JVMs.' % (
            fmt(med(first)), len(first)))
    print()


def svd_table(rows, session):
    header('Factorization (rank at 90% compression)', session, rows)
    for name in ('glove341k', 'synth400kx300'):
        env = next((r for r in rows if r.get('label') == 'lore-' + name and r.get('kind') == 'env'), {})
        print('**%s** (%s x %s, rank %s)\n' % (name, env.get('n'), env.get('d'), env.get('rank')))
        print('| method | OpenBLAS core type | median s | min s | lore speed-up (per-round ratio) | peak RSS MiB | excess error |')
        print('|---|---|---|---|---|---|---|')
        lore_label = 'lore-' + name
        lore_run = lambda m: (lambda r: [r['seconds']] if r.get('kind') == 'run' and r.get('method') == m else [])  # noqa: E731
        lore = per_round(rows, lore_label, lore_run('gram-mixed'))
        lore_times = [t for r in rows if r.get('label') == lore_label for t in lore_run('gram-mixed')(r)]
        floor_times = [t for r in rows if r.get('label') == lore_label for t in lore_run('blas-floor ssyrk X^T X')(r)]
        mem = next((r.get('vmhwm_mib') for r in rows if r.get('label') == lore_label + '-memory' and r.get('kind') == 'summary'), None)
        excess = next((r.get('excess') for r in rows if r.get('label') == lore_label and 'excess' in r), None)
        print('| lore exact (Gram route) | bundled, auto | %s | %s | 1 | %s | %s |' % (
            fmt(med(lore_times)), fmt(min(lore_times) if lore_times else None), fmt(mem, 0), fmt(excess, 1) if excess is None else '%.1e' % excess))
        print('| lore X^T X (ssyrk) | bundled, auto | %s | %s | | | |' % (
            fmt(med(floor_times)), fmt(min(floor_times) if floor_times else None)))
        cores = sorted({r['label'].rsplit('-', 1)[1] for r in rows
                        if r.get('label', '').startswith('numpy_gram_rank-' + name + '-')})
        for method, title in (('numpy_gram_rank', 'numpy Gram + eigh'), ('torch_svd', 'torch.linalg.svd'),
                              ('numpy_xtx', 'numpy X^T X')):
            for core in cores:
                label = '%s-%s-%s' % (method, name, core)
                res = [r for r in rows if r.get('label') == label and r.get('kind') == 'result']
                failed = [r for r in rows if r.get('label') == label and r.get('kind') == 'failed']
                arch = next((b.get('architecture') for r in rows if r.get('label') == label and r.get('kind') == 'env'
                             for b in (r.get('blas') or []) if isinstance(b, dict) and b.get('internal_api') == 'openblas'), None)
                if not res:
                    if failed:
                        print('| %s | %s | failed (exit %s) | | | | |' % (title, core, failed[0]['status']))
                    continue
                times = [t for r in res for t in r['times_s']]
                peer = per_round(rows, label, lambda r: r['times_s'] if r.get('kind') == 'result' else [])
                err = next((r['rel_err'] for r in res if 'rel_err' in r), None)
                opt = next((r.get('opt_rel_err') for r in rows if r.get('label') == lore_label and 'opt_rel_err' in r), None)
                excess_peer = '%.1e' % (err / opt - 1) if err is not None and opt else ''
                print('| %s | %s (%s) | %s | %s | %s | %s | %s |' % (
                    title, core, arch, fmt(med(times)), fmt(min(times)), fmt(ratio(peer, lore), 2) if method != 'numpy_xtx' else '',
                    fmt(max(r['max_rss_mib'] for r in res), 0), excess_peer))
        print()


def train_tables(rows, session):
    header('Training iteration and inference', session, rows)
    lore_step = lambda model, emb: (lambda r: [r['ms_median']] if r.get('kind') == 'train_step' and r.get('model') == model  # noqa: E731
                                    and r.get('embedding') == emb and r.get('optimizer') == 'java-adam' else [])
    peer_step = lambda model, emb: (lambda r: [r['ms_median']] if r.get('kind') == 'train_step' and r.get('model') == model  # noqa: E731
                                    and r.get('embedding') == emb else [])
    cores = sorted({r['label'].split('-', 2)[2] for r in rows if r.get('label', '').startswith('torch-')})
    print('ms per iteration (forward, backward, Adam step), median over rounds of each process\'s median; '
          'speed-up = PyTorch / lore, per round, median.\n')
    print('| model | threads | lore ms | ' + ' | '.join('PyTorch %s ms | speed-up' % c for c in cores) + ' |')
    print('|---|---|---|' + '---|---|' * len(cores))
    for model, emb, peer_model in (('dan', 'full', 'dan'), ('dan', 'factorized', 'dan'), ('lstm', 'full', 'lstm'),
                                   ('lstm', 'factorized', 'lstm'), ('lstm', 'full', 'lstm-packed')):
        for t in (1, 2):
            lore = per_round(rows, 'lore-omp%d' % t, lore_step(model, emb))
            cells = []
            for core in cores:
                peer = per_round(rows, 'torch-%d-%s' % (t, core), peer_step(peer_model, emb))
                cells.append('%s | %s' % (fmt(med(list(peer.values())), 2), fmt(ratio(peer, lore), 2)))
            print('| %s %s%s | %d | %s | %s |' % (model.upper(), emb, ' vs PyTorch packed' if peer_model == 'lstm-packed' else '',
                                                t, fmt(med(list(lore.values())), 2), ' | '.join(cells)))
    print('\nInference, microseconds per sentence (batch of 50), median over rounds:\n')
    print('| model | embedding | threads | lore us | ' + ' | '.join('PyTorch %s us' % c for c in cores) + ' |')
    print('|---|---|---|---|' + '---|' * len(cores))
    inf = lambda model, emb: (lambda r: [r['us_per_sentence_median']] if r.get('kind') == 'inference'  # noqa: E731
                              and r.get('model') == model and r.get('embedding') == emb else [])
    for model in ('dan', 'lstm'):
        for emb in ('full', 'factorized', 'quantized8'):
            for t in (1, 2):
                lore = per_round(rows, 'lore-omp%d' % t, inf(model, emb))
                cells = [fmt(med(list(per_round(rows, 'torch-%d-%s' % (t, c), inf(model, emb)).values())), 1) for c in cores]
                print('| %s | %s | %d | %s | %s |' % (model.upper(), emb, t, fmt(med(list(lore.values())), 1), ' | '.join(cells)))
    print()


def dl4j_table(rows, session):
    header('Training iteration: the DAN from DeepLearning4J\'s layers against lore\'s', session, rows)
    print('ms per iteration (batch 50: forward, backward, Adam step), one JVM per thread count, the four '
          'variants interleaved round by round inside it; median over rounds of each round\'s median; '
          'ratio = DL4J / lore per round, median (above 1: lore is faster).\n')
    print('| embedding | threads | lore ms | DL4J ms | DL4J / lore (min-max over rounds) |')
    print('|---|---|---|---|---|')
    for emb in ('full', 'factorized', 'pq'):
        for t in (1, 2):
            inner = [r for r in rows if r.get('label') == 'dl4j-omp%d' % t and r.get('kind') == 'dl4j_round'
                     and 'lore-%s_ms' % emb in r]
            if not inner:
                continue
            lore = [r['lore-%s_ms' % emb] for r in inner]
            dl4j = [r['dl4j-%s_ms' % emb] for r in inner]
            ratios = [d / l for d, l in zip(dl4j, lore)]
            print('| %s | %d | %s | %s | %s (%s-%s) |' % (emb, t, fmt(med(lore), 2), fmt(med(dl4j), 2), fmt(med(ratios), 1),
                                                    fmt(min(ratios), 1), fmt(max(ratios), 1)))
    print()


def blas_table(rows, session):
    header('X^T X with the bundled and the system OpenBLAS', session, rows)
    print('| matrix | OpenBLAS threads | bundled (0.3.19) median s | system (0.3.21) median s | bundled / system |')
    print('|---|---|---|---|---|')
    floor = lambda r: [r['seconds']] if r.get('kind') == 'run' else []  # noqa: E731
    for name in ('glove341k', 'synth400kx300'):
        for t in (1, 2):
            bundled = per_round(rows, 'bundled-%s-omp%d' % (name, t), floor)
            system = per_round(rows, 'system-%s-omp%d' % (name, t), floor)
            if bundled and system:
                print('| %s | %d | %s | %s | %s |' % (name, t, fmt(med(list(bundled.values()))),
                                                     fmt(med(list(system.values()))), fmt(ratio(bundled, system), 2)))
    print()


def pq_table(rows, session):
    header('Product quantization against faiss (GloVe 341k x 100, M = 10, b = 8, 25 iterations)', session, rows)
    print('| threads | faiss core type | lore train s | faiss train s | faiss / lore (train) '
          '| lore total s | faiss total s | faiss / lore (total) | lore rel. error | faiss rel. error |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    cores = sorted({r['label'].split('-', 3)[3] for r in rows if r.get('label', '').startswith('faiss-pq-')})
    for t in (1, 2):
        pick = lambda key: (lambda r: [r[key]] if r.get('kind') == 'result' and r.get('threads') == t else [])  # noqa: E731
        errs = lambda label: [r['rel_err'] for r in rows if r.get('label') == label and r.get('threads') == t  # noqa: E731
                              and r.get('rel_err') is not None]
        lore_train = per_round(rows, 'lore-pq', pick('train_s'))
        lore_total = per_round(rows, 'lore-pq', pick('total_s'))
        for core in cores:
            label = 'faiss-pq-%d-%s' % (t, core)
            faiss_train = per_round(rows, label, pick('train_s'))
            faiss_total = per_round(rows, label, pick('total_s'))
            if lore_train and faiss_train:
                print('| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                    t, core, fmt(med(list(lore_train.values())), 2), fmt(med(list(faiss_train.values())), 2),
                    fmt(ratio(faiss_train, lore_train), 2), fmt(med(list(lore_total.values())), 2),
                    fmt(med(list(faiss_total.values())), 2), fmt(ratio(faiss_total, lore_total), 2),
                    fmt(med(errs('lore-pq')), 5), fmt(med(errs(label)), 5)))
    print()


def predict_table(rows, session):
    header('Predict throughput: one shared model, 1 and 2 threads', session, rows)
    print('Texts per second of `TrainedModel.predict` over the SST-2 training sentences, batches of 500 shared by the '
          'threads; speed-up = 2-thread / 1-thread throughput of the same round (runs interleaved within each JVM), '
          'median over all rounds of all JVMs. CPU us per text = process CPU time / texts; cores used = CPU time / '
          'wall time of the run (what the machine gave the process).\n')
    print('| model | OpenBLAS threads per call | 1 thread texts/s | 2 threads texts/s | speed-up (median) | '
          'speed-up range | CPU us per text, 1 / 2 threads | cores used, 1 / 2 threads | same labels | rounds |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    for model in ('dan', 'lstm'):
        for omp, title in (('omp1', '1 (`OMP_NUM_THREADS=1`)'), ('ompdefault', 'default')):
            label = 'lore-%s-%s' % (model, omp)
            runs = [r for r in rows if r.get('label') == label and r.get('kind') == 'run']
            if not runs:
                continue
            env = next((r for r in rows if r.get('label') == label and r.get('kind') == 'env'), {})
            texts = env.get('texts', 0) * env.get('passes', 0)
            by_round = defaultdict(dict)
            for r in runs:
                by_round[(r['round'], r['repeat'])][r['threads']] = r
            pairs = [v for v in by_round.values() if 1 in v and 2 in v]
            ratios = [v[2]['texts_per_s'] / v[1]['texts_per_s'] for v in pairs]
            used = lambda r: r['cpu_s'] / r['seconds']  # noqa: E731
            per_text = lambda r: 1e6 * r['cpu_s'] / texts if texts else float('nan')  # noqa: E731
            cell = lambda t, f: fmt(med([f(v[t]) for v in pairs]), 2 if f is used else 1)  # noqa: E731
            print('| %s (%s) | %s | %s | %s | %s | %s-%s | %s / %s | %s / %s | %s | %d |' % (
                model.upper(), env.get('embedding', '?'), title,
                fmt(med([v[1]['texts_per_s'] for v in pairs]), 0), fmt(med([v[2]['texts_per_s'] for v in pairs]), 0),
                fmt(med(ratios), 2), fmt(min(ratios) if ratios else None, 2), fmt(max(ratios) if ratios else None, 2),
                cell(1, per_text), cell(2, per_text), cell(1, used), cell(2, used),
                'yes' if all(r.get('identical') for r in runs) else 'NO', len(ratios)))
    print()


def jmh_table(path):
    if not os.path.exists(path):
        return
    with open(path) as f:
        runs = json.load(f)
    print('### JMH: DAN inference, one batch of 50 sentences, one thread\n')
    print('File `%s` (written by the last `run.sh jmh`).\n' % os.path.basename(path))
    print('| embedding | us per batch | 99.9% error | us per sentence |')
    print('|---|---|---|---|')
    for r in runs:
        m = r['primaryMetric']
        print('| %s | %.1f | %.1f | %.2f |' % (r['params']['embedding'], m['score'], m['scoreError'], m['score'] / 50))
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('results', nargs='?', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'results'))
    ap.add_argument('--session')
    a = ap.parse_args()
    for name, fn in (('load.jsonl', load_table), ('svd.jsonl', svd_table), ('train.jsonl', train_tables),
                     ('dl4j.jsonl', dl4j_table), ('predict.jsonl', predict_table), ('blas.jsonl', blas_table),
                     ('pq.jsonl', pq_table)):
        rows, session = read(os.path.join(a.results, name), a.session)
        if rows:
            fn(rows, session)
    jmh_table(os.path.join(a.results, 'jmh-inference.json'))


if __name__ == '__main__':
    main()
