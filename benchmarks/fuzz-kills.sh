#!/bin/sh
# Kills during writes: `lore export` of a .lore file of the first WORDS GloVe words into a text
# file (most of its time is the write), killed by SIGTERM, SIGINT or SIGKILL after a random delay
# (uniform in [FROM, 1] x one full run), N times per signal. After SIGTERM/SIGINT no temporary
# file (.NAME.HEX.tmp) may remain and the target is either absent or complete (byte-identical to
# an uninterrupted export); after SIGKILL a temporary file may remain, and the next write to the
# same target must remove it. Prints one JSON line per signal with the counts.
#
#   benchmarks/fuzz-kills.sh   (N=10 FROM=0 WORDS=100000 GLOVE=... WORK=/tmp/lore-fuzz-kills, and
#                               JAR=target/lore-*-cli.jar or CP=CLASSPATH)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
N=${N:-10}
FROM=${FROM:-0}
WORDS=${WORDS:-100000}
GLOVE=${GLOVE:-$root/../shared/data/glove/glove.6B.100d.341k.txt.gz}
WORK=${WORK:-/tmp/lore-fuzz-kills}
mkdir -p "$WORK"
jar=${JAR:-$(ls "$root"/target/lore-*-cli.jar | head -n 1)}
# CP (a class path) instead of JAR runs dev.lore.cli.LoreCommand from it.
lore() { if [ -n "${CP:-}" ]; then java -Xmx2g -cp "$CP" dev.lore.cli.LoreCommand "$@"; else java -Xmx2g -jar "$jar" "$@"; fi; }
txt=$WORK/in.txt
[ -s "$txt" ] || gunzip -c "$GLOVE" | head -n "$WORDS" > "$txt"
[ -s "$WORK/src.lore" ] || lore compress --input "$txt" --full --output "$WORK/src.lore" -q >/dev/null 2>&1
tmps() { ls -a "$WORK" | grep -c '^\.t\.txt\..*\.tmp$'; }
run() { lore export "$WORK/src.lore" --output "$WORK/t.txt" >/dev/null 2>&1; }
rm -f "$WORK/t.txt" "$WORK"/.t.txt.*.tmp
t0=$(date +%s%N); run; t1=$(date +%s%N)
full_ms=$(( (t1 - t0) / 1000000 ))
mv "$WORK/t.txt" "$WORK/reference.txt"
echo "{\"kind\":\"setup\",\"words\":$WORDS,\"full_run_ms\":$full_ms,\"bytes\":$(wc -c < "$WORK/reference.txt"),\"loadavg\":\"$(cut -d' ' -f1 /proc/loadavg)\"}"
for sig in TERM INT KILL; do
    cases=0; writing=0; finished=0; absent=0; valid=0; partial=0; left=0; cleaned=0; notcleaned=0
    for i in $(seq 1 "$N"); do
        rm -f "$WORK/t.txt"
        # java itself in the background (not a function's subshell), so that $! is the JVM
        if [ -n "${CP:-}" ]; then
            java -Xmx2g -cp "$CP" dev.lore.cli.LoreCommand export "$WORK/src.lore" --output "$WORK/t.txt" >/dev/null 2>&1 &
        else
            java -Xmx2g -jar "$jar" export "$WORK/src.lore" --output "$WORK/t.txt" >/dev/null 2>&1 &
        fi
        pid=$!
        delay=$(awk -v s="$(date +%N)" -v m="$full_ms" -v lo="$FROM" 'BEGIN { srand(s); printf "%.3f", (lo + rand() * (1 - lo)) * m / 1000 }')
        sleep "$delay"
        [ "$(tmps)" -gt 0 ] && writing=$((writing + 1))
        if kill -0 "$pid" 2>/dev/null; then kill -s "$sig" "$pid" 2>/dev/null; else finished=$((finished + 1)); fi
        wait "$pid" 2>/dev/null
        cases=$((cases + 1))
        n=$(tmps)
        if [ -e "$WORK/t.txt" ]; then
            if cmp -s "$WORK/t.txt" "$WORK/reference.txt"; then valid=$((valid + 1)); else partial=$((partial + 1)); fi
        else
            absent=$((absent + 1))
        fi
        if [ "$n" -gt 0 ]; then
            left=$((left + 1))
            run
            if [ "$(tmps)" -eq 0 ] && cmp -s "$WORK/t.txt" "$WORK/reference.txt"; then
                cleaned=$((cleaned + 1)); else notcleaned=$((notcleaned + 1)); fi
            rm -f "$WORK"/.t.txt.*.tmp
        fi
    done
    echo "{\"kind\":\"signal\",\"signal\":\"$sig\",\"cases\":$cases,\"signalled_while_writing\":$writing,\"finished_before_the_signal\":$finished,\"target_absent\":$absent,\"target_complete\":$valid,\"target_partial\":$partial,\"temporary_left\":$left,\"removed_by_next_write\":$cleaned,\"not_removed\":$notcleaned,\"loadavg\":\"$(cut -d' ' -f1 /proc/loadavg)\"}"
done
