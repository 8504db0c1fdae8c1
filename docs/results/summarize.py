#!/usr/bin/python3
"""Summary tables of docs/RESULTS.md from the results.csv files of `lore experiment` runs.

Usage: /usr/bin/python3 docs/results/summarize.py [DIR]   (DIR defaults to this file's directory)

Reads DIR/{dan,lstm}-{sst2,trec6,mr}/results.csv (the compression grids),
DIR/quantized-matrix-dan-*/results.csv (per-matrix quantization) and
DIR/schedules-dan-*/results.csv (the schedule comparison), and prints Markdown tables:
means over seeds of test accuracy in percent, and the paper's targets checked against them.
Standard library only.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

DATASETS = ('sst2', 'trec6', 'mr')
NAMES = {'sst2': 'SST-2', 'trec6': 'TREC-6', 'mr': 'MR'}
CLEAR_MARGIN = 1.0  # points: what "beats by a clear margin" is taken to mean here


def load(path):
    """{(method, compression, schedule): [test accuracy %, one per seed]}."""
    runs = defaultdict(list)
    with open(path, newline='') as f:
        for r in csv.DictReader(f):
            key = (r['method'], float(r['compression']), r['schedule'])
            runs[key].append(100.0 * float(r['test_accuracy']))
    return runs


def mean(runs, method, p, schedule='calr'):
    if method in ('svd', 'quantized'):
        schedule = ''
    xs = runs.get((method, p, schedule))
    return (statistics.mean(xs), len(xs)) if xs else (None, 0)


def fmt(x, signed=False):
    if x is None:
        return 'n/a'
    return ('%+.2f' if signed else '%.2f') % x


def verdict(ok):
    return 'yes' if ok else '**no**'


def grid_tables(root):
    targets = []
    for model, keep9, keep95 in (('dan', 0.5, 1.5), ('lstm', 1.0, 1.5)):
        rows = []
        for ds in DATASETS:
            path = os.path.join(root, '%s-%s' % (model, ds), 'results.csv')
            if not os.path.exists(path):
                continue
            runs = load(path)
            none, n = mean(runs, 'none', 0.0)
            on9, _ = mean(runs, 'online', 0.9)
            on95, _ = mean(runs, 'online', 0.95)
            off9, _ = mean(runs, 'offline', 0.9)
            q3, _ = mean(runs, 'quantized', 0.9)
            q3ft, _ = mean(runs, 'quantized-ft', 0.9)
            qm = None
            mpath = os.path.join(root, 'quantized-matrix-%s-%s' % (model, ds), 'results.csv')
            if os.path.exists(mpath):
                mruns = load(mpath)
                qm = max(x for x in (mean(mruns, 'quantized', 0.9)[0], mean(mruns, 'quantized-ft', 0.9)[0])
                         if x is not None)
            if None in (none, on9, on95, off9, q3, q3ft):
                print('(%s: incomplete, skipped)\n' % path)
                continue
            rows.append((ds, n, none, on9, on95, off9, q3, q3ft, qm))
            d9, d95 = on9 - none, on95 - none
            targets.append((model, ds, 'online p=0.9 loses at most %.1f point(s)' % keep9,
                            '%s (%s)' % (fmt(d9, True), fmt(on9)), verdict(-d9 <= keep9)))
            targets.append((model, ds, 'online p=0.95 loses at most %.1f points' % keep95,
                            '%s (%s)' % (fmt(d95, True), fmt(on95)), verdict(-d95 <= keep95)))
            targets.append((model, ds, 'online p=0.9 beats offline p=0.9 by >= %.1f' % CLEAR_MARGIN,
                            '%s (offline %s)' % (fmt(on9 - off9, True), fmt(off9)), verdict(on9 - off9 >= CLEAR_MARGIN)))
            best_q = max(q3, q3ft)
            targets.append((model, ds, 'online p=0.9 beats 3-bit per-row quantization by >= %.1f' % CLEAR_MARGIN,
                            '%s (best 3-bit %s)' % (fmt(on9 - best_q, True), fmt(best_q)),
                            verdict(on9 - best_q >= CLEAR_MARGIN)))
            if qm is not None:
                targets.append((model, ds, 'online p=0.9 beats 3-bit per-matrix quantization by >= %.1f'
                                % CLEAR_MARGIN, '%s (best %s)' % (fmt(on9 - qm, True), fmt(qm)),
                                verdict(on9 - qm >= CLEAR_MARGIN)))
            if model == 'dan':
                floor = {'sst2': 80.0, 'trec6': 88.0, 'mr': 76.0}[ds]
                targets.append((model, ds, 'uncompressed DAN reaches %.0f%%' % floor, fmt(none),
                                verdict(none >= floor)))
        if not rows:
            continue
        print('### %s: test accuracy, %%, mean of the seeds\n' % model.upper())
        print('| dataset | seeds | none | online 0.9 | online 0.95 | offline 0.9 | 3-bit row | 3-bit row + ft | 3-bit matrix (best) |')
        print('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
        for ds, n, none, on9, on95, off9, q3, q3ft, qm in rows:
            print('| %s | %d | %s | %s (%s) | %s (%s) | %s | %s | %s | %s |' % (
                NAMES[ds], n, fmt(none), fmt(on9), fmt(on9 - none, True), fmt(on95), fmt(on95 - none, True),
                fmt(off9), fmt(q3), fmt(q3ft), fmt(qm)))
        print()
    if targets:
        print('### Targets\n')
        print('| model | dataset | target | measured (test, points) | met |')
        print('|---|---|---|---|---|')
        for model, ds, what, measured, ok in targets:
            print('| %s | %s | %s | %s | %s |' % (model.upper(), NAMES[ds], what, measured, ok))
        print()


def schedule_table(root):
    rows = []
    schedules = None
    for ds in DATASETS:
        path = os.path.join(root, 'schedules-dan-%s' % ds, 'results.csv')
        if not os.path.exists(path):
            continue
        runs = load(path)
        names = [k[2] for k in runs if k[0] == 'online']
        schedules = schedules or sorted(set(names), key=names.index)
        none = {s: mean(runs, 'none', 0.0, s)[0] for s in schedules}
        rows.append((ds, {s: mean(runs, 'online', 0.9, s)[0] for s in schedules}, none))
    if not rows:
        return
    print('### Fine-tuning schedules, DAN, online compression at p = 0.9: test accuracy, %, mean of 3 seeds\n')
    print('| dataset | ' + ' | '.join(schedules) + ' | best |')
    print('|---|' + '---:|' * len(schedules) + '---|')
    wins = defaultdict(int)
    for ds, acc, _ in rows:
        best = max(schedules, key=lambda s: acc[s])
        wins[best] += 1
        print('| %s | %s | %s |' % (NAMES[ds], ' | '.join(fmt(acc[s]) for s in schedules), best))
    avg = {s: statistics.mean(acc[s] for _, acc, _ in rows) for s in schedules}
    print('| mean | %s | %s |' % (' | '.join(fmt(avg[s]) for s in schedules), max(schedules, key=avg.get)))
    print()


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    grid_tables(root)
    schedule_table(root)


if __name__ == '__main__':
    main()
