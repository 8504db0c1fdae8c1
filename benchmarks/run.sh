#!/bin/sh
# Runs lore's benchmarks side by side with the Python peers, interleaved round by round (lore, then
# each peer, then the next round) so that load from other processes affects both alike, and appends
# raw JSON lines to benchmarks/results/<target>.jsonl. See benchmarks/README.md.
#
#   benchmarks/run.sh [load|svd|train|predict|jmh|dl4j|all|blas|pq]
#
# pq (not part of all) trains product quantization on GloVe 341k x 100 (M = 10, b = 8, 25
# iterations, the default sample of 65,536 rows) with lore's ProductQuantizer (PqBenchmark) and
# faiss' ProductQuantizer (peers/pq_peer.py) at 1 and 2 threads, round after round.
#
# dl4j (not part of all) times one training iteration of the DAN built from DeepLearning4J's layers
# against lore's own DAN, interleaved inside one JVM per thread count (Dl4jTrainStepBenchmark).
#
# blas (not part of all) times lore's X^T X with the OpenBLAS bundled with ND4J and with the
# system's libopenblas.so.0 (the library numpy uses), to attribute the difference in the floor.
#
# Environment (defaults in brackets):
#   ROUNDS      interleaved rounds [5]
#   GLOVE       GloVe 6B 100d text, gzipped [../shared/data/glove/glove.6B.100d.341k.txt.gz]
#   WORK        scratch directory for the uncompressed text and .npy matrices [/tmp/lore-bench]
#   PYTHON      Python with numpy, torch, gensim, threadpoolctl [/usr/bin/python3]
#   JAVA        [java]
#   JAVA_OPTS   [-Xmx2g -Dorg.slf4j.simpleLogger.log.org.nd4j=error]
#   CORETYPES   OpenBLAS core types for the peers; "default" leaves OPENBLAS_CORETYPE unset
#               [default Haswell SkylakeX]
#   SST2        texts for the predict target: the second column of this file [../shared/data/classification/sst2.train.tsv]
#   RESULTS     output directory [benchmarks/results]
#   BUILD       1 to build lore and the benchmark jar first [1]
#   JAR         the class path of the harnesses [benchmarks/target/lore-benchmarks.jar]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
what=${1:-all}
ROUNDS=${ROUNDS:-5}
GLOVE=${GLOVE:-$root/../shared/data/glove/glove.6B.100d.341k.txt.gz}
WORK=${WORK:-/tmp/lore-bench}
PYTHON=${PYTHON:-/usr/bin/python3}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xmx2g -Dorg.slf4j.simpleLogger.log.org.nd4j=error}
CORETYPES=${CORETYPES:-default Haswell SkylakeX}
RESULTS=${RESULTS:-$here/results}
SST2=${SST2:-$root/../shared/data/classification/sst2.train.tsv}
STORE_ARGS=${STORE_ARGS:-}
BUILD=${BUILD:-1}
JAR=${JAR:-$here/target/lore-benchmarks.jar}
PEERS=$here/peers
SESSION=$(date -u +%Y-%m-%dT%H:%M:%SZ)

case $what in load|svd|train|predict|store|jmh|dl4j|all|blas|pq) ;; *) echo "usage: $0 [load|svd|train|predict|store|jmh|dl4j|all|blas|pq]" >&2; exit 2 ;; esac
[ -f "$GLOVE" ] || { echo "GloVe file not found: $GLOVE (set GLOVE=...)" >&2; exit 1; }
mkdir -p "$WORK" "$RESULTS"

if [ "$BUILD" = 1 ]; then
    (cd "$root" && mvn -q -B install -DskipTests && mvn -q -B -f benchmarks/pom.xml package)
fi

# tag LABEL ROUND: prefixes every JSON line with the session, the label and the round.
tag() {
    sed -n "s/^{/{\"session\":\"$SESSION\",\"label\":\"$1\",\"round\":$2,/p"
}

# lore ENV... -- CLASS ARGS...: one JVM running a harness, with extra environment.
lore() {
    env_args=""
    while [ "$1" != "--" ]; do env_args="$env_args $1"; shift; done
    shift
    # shellcheck disable=SC2086
    env $env_args "$JAVA" $JAVA_OPTS -cp "$JAR" "$@" 2>/dev/null
}

# peer CORETYPE SCRIPT ARGS...: one Python process; a crash (SIGILL for an unsupported core type)
# is recorded as a status line instead of stopping the run.
peer() {
    core=$1; shift
    if [ "$core" = default ]; then
        "$PYTHON" "$@" 2>"$WORK/peer.err" || echo "{\"kind\":\"failed\",\"status\":$?,\"OPENBLAS_CORETYPE\":null,\"command\":\"$*\",\"stderr\":\"$(tail -c 200 "$WORK/peer.err" | tr '\n"\\' '   ')\"}"
    else
        OPENBLAS_CORETYPE=$core "$PYTHON" "$@" 2>"$WORK/peer.err" || echo "{\"kind\":\"failed\",\"status\":$?,\"OPENBLAS_CORETYPE\":\"$core\",\"command\":\"$*\",\"stderr\":\"$(tail -c 200 "$WORK/peer.err" | tr '\n"\\' '   ')\"}"
    fi
}

machine() {
    echo "{\"kind\":\"machine\",\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')\",\"cores\":$(nproc),\"flags_avx512f\":$(grep -q avx512f /proc/cpuinfo && echo true || echo false),\"kernel\":\"$(uname -r)\",\"java\":\"$("$JAVA" -version 2>&1 | head -1 | tr '"' "'")\",\"java_opts\":\"$JAVA_OPTS\",\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"git\":\"$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)\"}"
}

run_load() {
    out=$RESULTS/load.jsonl
    txt=$WORK/glove.6B.100d.341k.txt
    [ -s "$txt" ] || gunzip -c "$GLOVE" > "$txt"
    machine | tag machine 0 >> "$out"
    for r in $(seq 1 "$ROUNDS"); do
        echo "load round $r/$ROUNDS (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
        lore -- dev.lore.bench.LoadBenchmark "$txt" --runs 3 | tag lore-txt "$r" >> "$out"
        peer default "$PEERS/load_peer.py" "$txt" numpy_loadtxt --reps 2 | tag numpy-loadtxt-txt "$r" >> "$out"
        lore -- dev.lore.bench.LoadBenchmark "$GLOVE" --runs 3 | tag lore-gz "$r" >> "$out"
        peer default "$PEERS/load_peer.py" "$GLOVE" numpy_loadtxt --reps 1 | tag numpy-loadtxt-gz "$r" >> "$out"
        peer default "$PEERS/load_peer.py" "$txt" gensim --reps 1 | tag gensim-txt "$r" >> "$out"
        if [ "$r" -le 2 ]; then
            peer default "$PEERS/load_peer.py" "$GLOVE" gensim --reps 1 | tag gensim-gz "$r" >> "$out"
        fi
    done
    # Peak memory of one load in a fresh JVM (the peers' figures come from their timing processes).
    lore -- dev.lore.bench.LoadBenchmark "$txt" --runs 0 | tag lore-txt-memory 0 >> "$out"
    lore -- dev.lore.bench.LoadBenchmark "$GLOVE" --runs 0 | tag lore-gz-memory 0 >> "$out"
}

glove_npy=$WORK/glove341k.npy
synth_npy=$WORK/synth400kx300.npy

# The float32 matrices both sides factorize, written once by the peer script.
prepare_npy() {
    [ -s "$glove_npy" ] || "$PYTHON" "$PEERS/svd_peer.py" prepare --glove "$GLOVE" "$glove_npy" >&2
    [ -s "$synth_npy" ] || "$PYTHON" "$PEERS/svd_peer.py" prepare --synthetic 400000x300 "$synth_npy" >&2
}

run_svd() {
    out=$RESULTS/svd.jsonl
    prepare_npy
    machine | tag machine 0 >> "$out"
    for r in $(seq 1 "$ROUNDS"); do
        for npy in "$glove_npy" "$synth_npy"; do
            name=$(basename "$npy" .npy)
            echo "svd round $r/$ROUNDS $name (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
            reference=--no-reference
            [ "$r" = 1 ] && reference=""
            # shellcheck disable=SC2086
            lore -- dev.lore.bench.SvdBenchmark --npy "$npy" --method exact --floor --runs 3 $reference \
                | tag "lore-$name" "$r" >> "$out"
            for core in $CORETYPES; do
                error=""
                [ "$r" = 1 ] && error=--error
                for m in numpy_gram_rank torch_svd numpy_xtx; do
                    # shellcheck disable=SC2086
                    peer "$core" "$PEERS/svd_peer.py" run "$npy" "$m" --reps 3 $error | tag "$m-$name-$core" "$r" >> "$out"
                done
            done
        done
    done
    for npy in "$glove_npy" "$synth_npy"; do
        name=$(basename "$npy" .npy)
        lore -- dev.lore.bench.SvdBenchmark --npy "$npy" --method exact --runs 1 --warmup 0 --no-reference \
            | tag "lore-$name-memory" 0 >> "$out"
    done
}

run_train() {
    out=$RESULTS/train.jsonl
    machine | tag machine 0 >> "$out"
    for r in $(seq 1 "$ROUNDS"); do
        for t in 1 2; do
            echo "train round $r/$ROUNDS threads $t (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
            # OMP_NUM_THREADS sets the OpenBLAS threads of both sides (and torch's OpenMP threads).
            export OMP_NUM_THREADS=$t
            lore -- dev.lore.bench.TrainStepBenchmark --only dan,lstm,inference | tag "lore-omp$t" "$r" >> "$out"
            for core in $CORETYPES; do
                peer "$core" "$PEERS/train_step_peer.py" --threads "$t" | tag "torch-$t-$core" "$r" >> "$out"
            done
            unset OMP_NUM_THREADS
        done
    done
}

# predict: TrainedModel.predict on one model shared by 1 and 2 threads (PredictBenchmark), for a DAN
# compressed online at p = 0.9 and an LSTM, both trained by bin/lore on the repository's small
# sentiment data, predicting the SST-2 training sentences; with OpenBLAS at one thread per call
# (OMP_NUM_THREADS=1, the setting for serving from several threads) and at its default.
run_predict() {
    out=$RESULTS/predict.jsonl
    [ -f "$SST2" ] || { echo "texts not found: $SST2 (set SST2=...)" >&2; exit 1; }
    texts=$WORK/predict-texts.txt
    [ -s "$texts" ] || cut -f2 "$SST2" > "$texts"
    for m in dan lstm; do
        model=$WORK/predict-$m.lorem
        if [ ! -s "$model" ]; then
            case $m in dan) extra="--compression 0.9" ;; *) extra="--pretrain-epochs 1" ;; esac
            # shellcheck disable=SC2086
            "$root/bin/lore" train --dataset "$root/data/uci-sentiment" --embeddings "$root/data/glove.6B.100d.15k.txt.gz" \
                --model "$m" $extra --output "$model" -q >&2
        fi
    done
    machine | tag machine 0 >> "$out"
    for r in $(seq 1 "$ROUNDS"); do
        for m in dan lstm; do
            case $m in dan) passes=20 ;; *) passes=2 ;; esac
            echo "predict round $r/$ROUNDS $m (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
            lore OMP_NUM_THREADS=1 -- dev.lore.bench.PredictBenchmark --model "$WORK/predict-$m.lorem" --texts "$texts" \
                --threads 1,2 --rounds 3 --passes "$passes" | tag "lore-$m-omp1" "$r" >> "$out"
            lore -- dev.lore.bench.PredictBenchmark --model "$WORK/predict-$m.lorem" --texts "$texts" \
                --threads 1,2 --rounds 3 --passes "$passes" | tag "lore-$m-ompdefault" "$r" >> "$out"
        done
    done
}

# JMH: DAN inference over full, factorized and 8-bit embeddings, one thread; JSON in jmh-inference.json.
run_jmh() {
    OMP_NUM_THREADS=1 "$JAVA" -jar "$JAR" InferenceJmh -rf json -rff "$RESULTS/jmh-inference.json" >&2
}

run_dl4j() {
    out=$RESULTS/dl4j.jsonl
    machine | tag machine 0 >> "$out"
    for t in 1 2; do
        echo "dl4j threads $t, $ROUNDS interleaved rounds (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
        lore OMP_NUM_THREADS=$t -- dev.lore.bench.Dl4jTrainStepBenchmark --rounds "$ROUNDS" | tag "dl4j-omp$t" 0 >> "$out"
    done
}

run_blas() {
    out=$RESULTS/blas.jsonl
    prepare_npy
    machine | tag machine 0 >> "$out"
    # A private JavaCPP cache: loading the system library rewrites the cache's links.
    system="-Dorg.bytedeco.javacpp.cachedir=$WORK/javacpp-system -Dorg.bytedeco.openblas.load=openblas -Dorg.bytedeco.openblas_nolapack.load=openblas"
    for r in $(seq 1 "$ROUNDS"); do
        for npy in "$glove_npy" "$synth_npy"; do
            name=$(basename "$npy" .npy)
            for t in 1 2; do
                echo "blas round $r/$ROUNDS $name threads $t" >&2
                lore OMP_NUM_THREADS=$t -- dev.lore.bench.SvdBenchmark --npy "$npy" --method none --floor --runs 5 --no-reference \
                    | tag "bundled-$name-omp$t" "$r" >> "$out"
                # shellcheck disable=SC2086
                OMP_NUM_THREADS=$t "$JAVA" $JAVA_OPTS $system -cp "$JAR" dev.lore.bench.SvdBenchmark --npy "$npy" --method none \
                    --floor --runs 5 --no-reference 2>/dev/null | tag "system-$name-omp$t" "$r" >> "$out"
            done
        done
    done
}

# store: the serving path (StoreBenchmark) on GloVe 341k as a float32 .lore (--full) and a rank-30
# .lore, against gensim's KeyedVectors.load(mmap='r') + most_similar (peers/store_peer.py) on the
# same table, a fresh process per side and round: open time, resident memory, nearest-10 of one
# word and of a batch of 1,000 words. Query words: every 37th word of the table's first 37,000.
# STORE_ARGS (both sides): e.g. "--single 50 --warmup 30 --batch 100" for a shorter session.
run_store() {
    out=$RESULTS/store.jsonl
    txt=$WORK/glove.6B.100d.341k.txt
    [ -s "$txt" ] || gunzip -c "$GLOVE" > "$txt"
    s=$WORK/serving
    mkdir -p "$s"
    [ -s "$s/words.txt" ] || awk 'NR % 37 == 1 && n < 1000 { print $1; n++ }' "$txt" > "$s/words.txt"
    [ -s "$s/small.txt" ] || head -n 2000 "$txt" > "$s/small.txt"
    [ -s "$s/small.lore" ] || "$root/bin/lore" compress --input "$s/small.txt" --rank 30 --output "$s/small.lore" -q >&2
    [ -s "$s/glove341k.lore" ] || "$root/bin/lore" compress --input "$txt" --full --output "$s/glove341k.lore" -q >&2
    [ -s "$s/glove341k-r30.lore" ] || "$root/bin/lore" compress --input "$txt" --rank 30 --output "$s/glove341k-r30.lore" -q >&2
    [ -s "$s/glove341k.kv" ] || "$PYTHON" "$PEERS/store_peer.py" prepare "$txt" "$s/glove341k.kv" >&2
    machine | tag machine 0 >> "$out"
    for r in $(seq 1 "$ROUNDS"); do
        echo "store round $r/$ROUNDS (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
        # shellcheck disable=SC2086
        lore -- dev.lore.bench.StoreBenchmark --store "$s/glove341k.lore" --words "$s/words.txt" --small "$s/small.lore" \
            $STORE_ARGS | tag lore-float32 "$r" >> "$out"
        # shellcheck disable=SC2086
        peer default "$PEERS/store_peer.py" run "$s/glove341k.kv" "$s/words.txt" $STORE_ARGS | tag gensim "$r" >> "$out"
        # shellcheck disable=SC2086
        lore -- dev.lore.bench.StoreBenchmark --store "$s/glove341k-r30.lore" --words "$s/words.txt" --small "$s/small.lore" \
            $STORE_ARGS | tag lore-r30 "$r" >> "$out"
    done
}

# pq: each round runs lore (one JVM, one warm-up, then one timed run per thread count) and faiss
# (one process per thread count and core type, no warm-up: it has no JIT) one after the other.
run_pq() {
    out=$RESULTS/pq.jsonl
    [ -s "$glove_npy" ] || "$PYTHON" "$PEERS/svd_peer.py" prepare --glove "$GLOVE" "$glove_npy" >&2
    machine | tag machine 0 >> "$out"
    for r in $(seq 1 "$ROUNDS"); do
        echo "pq round $r/$ROUNDS (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
        lore -- dev.lore.bench.PqBenchmark --npy "$glove_npy" --threads 1,2 --runs 1 --warmup 1 | tag lore-pq "$r" >> "$out"
        for core in $CORETYPES; do
            for t in 1 2; do
                peer "$core" "$PEERS/pq_peer.py" "$glove_npy" --threads "$t" --reps 1 --warmup 0 \
                    | tag "faiss-pq-$t-$core" "$r" >> "$out"
            done
        done
    done
}

case $what in
    pq) run_pq ;;
    blas) run_blas ;;
    store) run_store ;;
    load) run_load ;;
    svd) run_svd ;;
    train) run_train ;;
    predict) run_predict ;;
    jmh) run_jmh ;;
    dl4j) run_dl4j ;;
    all) run_load; run_svd; run_train; run_predict; run_jmh ;;
esac
echo "results appended to $RESULTS; summarize with: $PYTHON $here/summarize.py $RESULTS" >&2
