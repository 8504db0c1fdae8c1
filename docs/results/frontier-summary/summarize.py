#!/usr/bin/env python3
"""Prints the tables of the "compression frontier" section of docs/RESULTS.md from the
results.csv files under docs/results/frontier-*/ (means over the seeds present)."""
import csv
import glob
import os
import statistics as st
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NAMES = {"sst2": "SST-2", "trec6": "TREC-6", "mr": "MR"}

rows = []
for f in sorted(glob.glob(os.path.join(ROOT, "frontier-*", "results.csv"))):
    scope = "matrix" if "matrix" in f else "row"
    for r in csv.DictReader(open(f)):
        r["scope"] = scope
        rows.append(r)

# none: one value per (dataset, model, seed) (it is the same in every file of a seed)
none = {}
for r in rows:
    if r["method"] == "none":
        none[(r["dataset"], r["model"], r["seed"])] = float(r["test_accuracy"])

groups = defaultdict(list)
for r in rows:
    if r["method"] == "none":
        continue
    label = r["method"] if r["method"] not in ("quantized", "quantized-ft") else r["method"] + " " + r["scope"]
    groups[(r["dataset"], r["model"], label, float(r["target_ratio"]))].append(r)


def mean(xs):
    return st.mean(xs) if xs else float("nan")


def none_mean(ds, model, seeds):
    vals = [none[(ds, model, s)] for s in seeds if (ds, model, s) in none]
    return 100 * mean(vals), len(vals)


print("### Test accuracy, %, mean of the seeds (embedding bytes, achieved ratio)\n")
print("| dataset | model | ratio | method | seeds | test | vs none | bytes | achieved ratio | recipes (per seed) |")
print("|---|---|---:|---|---:|---:|---:|---:|---:|---|")
for key in sorted(groups, key=lambda k: (list(NAMES).index(k[0]), k[1], k[3], k[2])):
    ds, model, label, ratio = key
    g = groups[key]
    seeds = [r["seed"] for r in g]
    test = 100 * mean([float(r["test_accuracy"]) for r in g])
    nm, _ = none_mean(ds, model, seeds)
    bytes_ = mean([float(r["embedding_bytes"]) for r in g])
    ach = mean([float(r["ratio"]) for r in g])
    recipes = "; ".join(r["recipe"] for r in g) if label == "best" else ""
    print(f"| {NAMES[ds]} | {model} | {ratio:g}x | {label} | {len(g)} | {test:.2f} | {test - nm:+.2f} | {bytes_:,.0f} | {ach:.1f} | {recipes} |")

print("\n### Uncompressed (none)\n")
print("| dataset | model | seeds | test | bytes |")
print("|---|---|---:|---:|---:|")
for (ds, model) in sorted({(k[0], k[1]) for k in none}, key=lambda k: (list(NAMES).index(k[0]), k[1])):
    vals = [v for (d, m, s), v in none.items() if d == ds and m == model]
    b = [float(r["embedding_bytes"]) for r in rows if r["method"] == "none" and r["dataset"] == ds and r["model"] == model][0]
    print(f"| {NAMES[ds]} | {model} | {len(vals)} | {100 * mean(vals):.2f} | {b:,.0f} |")

print("\n### Targets\n")
print("| target | model | dataset | measured | met |")
print("|---|---|---|---|---|")
for (ds, model, label, ratio), g in sorted(groups.items(), key=lambda kv: (kv[0][3], list(NAMES).index(kv[0][0]))):
    if label != "best" or ratio not in (50, 100):
        continue
    seeds = [r["seed"] for r in g]
    test = 100 * mean([float(r["test_accuracy"]) for r in g])
    nm, _ = none_mean(ds, model, seeds)
    limit = 1.0 if ratio == 50 else 2.0
    print(f"| {ratio:g}x best loses at most {limit:.1f} | {model} | {NAMES[ds]} | {test - nm:+.2f} ({len(g)} seeds) | {'yes' if test - nm >= -limit else 'no'} |")
for ratio in (10, 20, 50):
    for model in sorted({k[1] for k in groups}):
        diffs = []
        for ds in NAMES:
            b = groups.get((ds, model, "best", float(ratio)))
            if not b:
                continue
            bb = mean([float(r["embedding_bytes"]) for r in b])
            best_scalar = None
            for label in ("quantized row", "quantized-ft row", "quantized matrix", "quantized-ft matrix"):
                q = groups.get((ds, model, label, float(ratio)))
                if q and mean([float(r["embedding_bytes"]) for r in q]) >= bb:
                    t = 100 * mean([float(r["test_accuracy"]) for r in q])
                    best_scalar = t if best_scalar is None else max(best_scalar, t)
            if best_scalar is not None:
                diffs.append(100 * mean([float(r["test_accuracy"]) for r in b]) - best_scalar)
        if diffs:
            d = mean(diffs)
            print(f"| {ratio}x best beats the best scalar of >= bytes by 0.5 (mean over {len(diffs)} datasets) | {model} | all | {d:+.2f} | {'yes' if d >= 0.5 and len(diffs) == 3 else 'no'} |")

print("\n### Pareto front (test accuracy against embedding bytes, every method and ratio)\n")
print("| dataset | model | bytes | test | method | ratio |")
print("|---|---|---:|---:|---|---:|")
for (ds, model) in sorted({(k[0], k[1]) for k in groups}, key=lambda k: (list(NAMES).index(k[0]), k[1])):
    pts = []
    for (d, m, label, ratio), g in groups.items():
        if d == ds and m == model:
            pts.append((mean([float(r["embedding_bytes"]) for r in g]), 100 * mean([float(r["test_accuracy"]) for r in g]), label, f"{ratio:g}x"))
    vals = [v for (d, m, s), v in none.items() if d == ds and m == model]
    nb = [float(r["embedding_bytes"]) for r in rows if r["method"] == "none" and r["dataset"] == ds and r["model"] == model][0]
    pts.append((nb, 100 * mean(vals), "none", "1x"))
    pts.sort()
    best = -1
    for b, t, label, ratio in pts:
        if t > best:
            best = t
            print(f"| {NAMES[ds]} | {model} | {b:,.0f} | {t:.2f} | {label} | {ratio} |")
