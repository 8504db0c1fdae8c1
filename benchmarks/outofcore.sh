#!/bin/sh
# Out-of-core compression, measured (docs/BENCHMARKS.md, section "Out-of-core"):
#   1. a synthetic ROWS x DIM table (default 2,000,000 x 300: 2.4 GB as float32), written as word2vec
#      binary and as word2vec text, compressed at 90% by `lore compress` with JAVA_OPTS=$HEAP (the
#      route is chosen by lore itself: the table does not fit, so it streams);
#   2. a FIT_ROWS x DIM table that fits (default 200,000 x 300), compressed by the in-memory route
#      and by --streaming, alternately for ROUNDS rounds, from both formats;
# and appends one JSON line per run to $RESULTS/outofcore.jsonl: seconds, seconds per GB of
# float32, peak resident memory (GNU time's %M), the route recorded in the file's provenance, the
# rank and relative error `lore inspect --json` reports, and the Eckart-Young optimum of the binary
# table (peers/outofcore_table.py).
#
#   benchmarks/outofcore.sh [big|fit|all]
#
# Environment (defaults in brackets):
#   WORK     scratch directory for the tables and outputs (about 9 GB for the default sizes) [/tmp/lore-ooc]
#   ROWS, DIM, FIT_ROWS  table sizes [2000000, 300, 200000]
#   HEAP     JVM options of every run [-Xmx1g]
#   ROUNDS   rounds of the fitting table's comparison [2]
#   FORMATS  which files to compress [bin txt]
#   PYTHON   Python with numpy [/usr/bin/python3]
#   RESULTS  output directory [benchmarks/results]
#   BUILD    1 to build lore first (mvn package -DskipTests) [1]
#   LORE     the lore launcher to run [bin/lore]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
what=${1:-all}
WORK=${WORK:-/tmp/lore-ooc}
ROWS=${ROWS:-2000000}
DIM=${DIM:-300}
FIT_ROWS=${FIT_ROWS:-200000}
HEAP=${HEAP:--Xmx1g}
ROUNDS=${ROUNDS:-2}
FORMATS=${FORMATS:-bin txt}
PYTHON=${PYTHON:-/usr/bin/python3}
RESULTS=${RESULTS:-$here/results}
BUILD=${BUILD:-1}
LORE=${LORE:-$root/bin/lore}
SESSION=$(date -u +%Y-%m-%dT%H:%M:%SZ)
out=$RESULTS/outofcore.jsonl

case $what in big|fit|all) ;; *) echo "usage: $0 [big|fit|all]" >&2; exit 2 ;; esac
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed for the peak memory: apt-get install time" >&2; exit 1; }
mkdir -p "$WORK" "$RESULTS"
if [ "$BUILD" = 1 ]; then
    (cd "$root" && mvn -q -B package -DskipTests)
fi

# table PREFIX ROWS: writes PREFIX.bin, PREFIX.txt and PREFIX.json unless they are there.
table() {
    [ -s "$1.json" ] || "$PYTHON" "$here/peers/outofcore_table.py" "${2}x$DIM" "$1" --text >&2
}

# run LABEL INPUT [OPTIONS...]: one `lore compress` in a fresh JVM, then `lore inspect --json`.
run() {
    label=$1; input=$2; shift 2
    result=$WORK/out.lore
    rm -f "$result"
    echo "$label $(basename "$input") $* (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
    JAVA_OPTS=$HEAP /usr/bin/time -f '%e %M' -o "$WORK/time.txt" \
        "$LORE" compress --input "$input" --compression 0.9 --output "$result" -q "$@" >"$WORK/compress.log" 2>&1 \
        || { echo "{\"session\":\"$SESSION\",\"kind\":\"failed\",\"label\":\"$label\",\"input\":\"$input\",\"log\":\"$(tail -c 300 "$WORK/compress.log" | tr '\n"\\' '   ')\"}" >> "$out"; return 0; }
    JAVA_OPTS=-Xmx256m "$LORE" inspect "$result" --json >"$WORK/inspect.json"
    "$PYTHON" - "$SESSION" "$label" "$input" "$WORK/time.txt" "$WORK/inspect.json" "${input%.*}.json" "$HEAP" <<'PY' >> "$out"
import json, os, sys
session, label, path, timing, inspect, table, heap = sys.argv[1:]
seconds, rss_kib = open(timing).read().split()[-2:]
j = json.load(open(inspect))
t = json.load(open(table))
prov = j.get('provenance', {})
gb = t['float32_bytes'] / 1e9
print(json.dumps({'session': session, 'kind': 'run', 'label': label, 'input': os.path.basename(path),
                  'file_bytes': os.path.getsize(path), 'rows': t['rows'], 'dim': t['dim'], 'float32_gb': gb,
                  'heap': heap, 'seconds': float(seconds), 's_per_gb': float(seconds) / gb,
                  'peak_rss_mib': int(rss_kib) / 1024, 'route': next((v for k, v in prov.items() if k.endswith('route')), 'in-memory'),
                  'rank': j.get('rank'), 'relative_error': float(j['relative_error']),
                  'optimal_error_bin': t['optimal_error_bin'], 'loadavg': os.getloadavg()[0]}))
PY
}

echo "{\"session\":\"$SESSION\",\"kind\":\"machine\",\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')\",\"cores\":$(nproc),\"java\":\"$(java -version 2>&1 | head -1 | tr '"' "'")\",\"heap\":\"$HEAP\",\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"git\":\"$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)\"}" >> "$out"

if [ "$what" = big ] || [ "$what" = all ]; then
    big=$WORK/table${ROWS}x$DIM
    table "$big" "$ROWS"
    for f in $FORMATS; do
        run big-auto "$big.$f"
    done
fi
if [ "$what" = fit ] || [ "$what" = all ]; then
    fit=$WORK/table${FIT_ROWS}x$DIM
    table "$fit" "$FIT_ROWS"
    for r in $(seq 1 "$ROUNDS"); do
        for f in $FORMATS; do
            run "fit-in-memory-r$r" "$fit.$f"
            run "fit-streaming-r$r" "$fit.$f" --streaming
        done
    done
fi
echo "results appended to $out" >&2
