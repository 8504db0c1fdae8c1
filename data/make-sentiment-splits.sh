#!/bin/sh
# Makes the repository's small labeled set, data/uci-sentiment.{train,dev,test}.tsv, from the UCI
# "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015) as shipped in the npm package
# sentiment@5.0.2 (test/fixtures/{amazon,imdb,yelp}.json). Needs npm and python3; deterministic.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent sentiment@5.0.2 >/dev/null
tar xzf sentiment-5.0.2.tgz package/test/fixtures/amazon.json package/test/fixtures/imdb.json \
    package/test/fixtures/yelp.json
python3 - "$here" <<'PY'
import json, random, sys
out = sys.argv[1]
rows, seen = [], set()
for source in ("amazon", "imdb", "yelp"):
    with open(f"package/test/fixtures/{source}.json", encoding="utf-8") as f:
        for item in json.load(f):
            text = " ".join(str(item.get("text") or "").split())
            label = item.get("class")
            if not text or label not in (0, 1):
                continue          # each file ends with an empty placeholder entry
            if text.lower() in seen:
                continue          # 18 sentences appear twice: keep the first, avoid split leakage
            seen.add(text.lower())
            rows.append((label, text))
rng = random.Random(20150810)     # fixed seed: the split never changes
rng.shuffle(rows)
n = len(rows)
n_test = n_dev = n * 15 // 100
parts = {"test": rows[:n_test], "dev": rows[n_test:n_test + n_dev], "train": rows[n_test + n_dev:]}
for name, part in parts.items():
    with open(f"{out}/uci-sentiment.{name}.tsv", "w", encoding="utf-8", newline="\n") as f:
        for label, text in part:
            f.write(f"{label}\t{text}\n")
    print(name, len(part), "positive", sum(l for l, _ in part))
PY
