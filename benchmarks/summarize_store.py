"""Markdown table of the latest session of benchmarks/results/store.jsonl (benchmarks/run.sh store).

    /usr/bin/python3 benchmarks/summarize_store.py [RESULTS_DIR] [--session S]

Per label (lore-float32, lore-r30, gensim) and measurement: the median over rounds; ratios are per
round (lore / gensim of the same round), then the median over rounds, with their range.
"""
import json
import os
import statistics
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    results = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'results')
    session = None
    if '--session' in sys.argv:
        session = sys.argv[sys.argv.index('--session') + 1]
    rows = [json.loads(line) for line in open(os.path.join(results, 'store.jsonl')) if line.strip()]
    if session is None:
        session = max(r['session'] for r in rows)
    rows = [r for r in rows if r['session'] == session]
    machine = [r for r in rows if r.get('kind') == 'machine']
    # value[label][metric][round]
    value = {}
    loads = []
    for r in rows:
        label, rnd, kind = r.get('label'), r.get('round'), r.get('kind')
        if 'loadavg' in r and kind != 'machine':
            try:
                loads.append(float(r['loadavg']))
            except (TypeError, ValueError):
                pass
        m = value.setdefault(label, {})
        if kind == 'open':
            m.setdefault('open ms', {})[rnd] = r['ms']
            m.setdefault('RSS over baseline after open, MiB', {})[rnd] = r['rss_over_baseline_mib']
            if 'stored_mib' in r:
                m.setdefault('stored MiB', {})[rnd] = r['stored_mib']
        elif kind == 'first':
            m.setdefault('first query ms', {})[rnd] = r['ms']
        elif kind == 'single':
            m.setdefault('nearest-10, one word, ms (median), %d thread%s' % (r['threads'], '' if r['threads'] == 1 else 's'),
                         {})[rnd] = r['median_ms']
        elif kind == 'batch':
            m.setdefault('batch of 1,000, s, %d thread%s' % (r['threads'], '' if r['threads'] == 1 else 's'),
                         {})[rnd] = r['ms'] / 1000.0
            m.setdefault('batch of 1,000, CPU s, %d thread%s' % (r['threads'], '' if r['threads'] == 1 else 's'),
                         {})[rnd] = r['cpu_ms'] / 1000.0
        elif kind == 'memory':
            m.setdefault('RSS over baseline after 1,000+ queries, MiB', {})[rnd] = r['rss_after_queries_over_baseline_mib']
        elif kind == 'baseline':
            m.setdefault('baseline RSS, MiB', {})[rnd] = r['rss_mib']
    g = value.get('gensim', {})
    print('Session %s, %s, load average %.1f-%.1f during the runs.' % (
        session, machine[0]['cpu'] if machine else 'unknown CPU', min(loads) if loads else 0, max(loads) if loads else 0))
    print()
    print('| measurement | lore float32 | lore r=30 | gensim | float32 / gensim (median, range) | r=30 / gensim (median, range) |')
    print('|---|---|---|---|---|---|')
    metrics = []
    for label in ('lore-float32', 'lore-r30', 'gensim'):
        for k in value.get(label, {}):
            if k not in metrics:
                metrics.append(k)
    for k in metrics:
        cells = []
        for label in ('lore-float32', 'lore-r30', 'gensim'):
            v = value.get(label, {}).get(k)
            cells.append('%.3g' % statistics.median(v.values()) if v else '-')
        ratios = []
        for label in ('lore-float32', 'lore-r30'):
            v = value.get(label, {}).get(k)
            gk = g.get(k) or g.get(k.replace('2 threads', '1 thread'))
            if not v or not gk:
                ratios.append('-')
                continue
            per = [v[r] / gk[r] for r in v if r in gk and gk[r]]
            ratios.append('%.2f (%.2f-%.2f)' % (statistics.median(per), min(per), max(per)) if per else '-')
        print('| %s | %s | %s |' % (k, ' | '.join(cells), ' | '.join(ratios)))


if __name__ == '__main__':
    main()
