#!/bin/sh
# Makes the repository's GloVe fixture: the first N words (GloVe files are in frequency order) of
# GloVe 6B 100d, gzipped deterministically (-n: no name, no timestamp).
#
#   data/make-glove-slice.sh                      # N=15000 -> data/glove.6B.100d.15k.txt.gz
#   GLOVE=/path/glove.6B.100d.txt.gz N=20000 data/make-glove-slice.sh
#
# GLOVE defaults to the shared copy ../shared/data/glove/glove.6B.100d.341k.txt.gz (relative to
# the repository root). See docs/DATA.md.
set -eu
cd "$(dirname "$0")/.."
GLOVE="${GLOVE:-../shared/data/glove/glove.6B.100d.341k.txt.gz}"
N="${N:-15000}"
OUT="data/glove.6B.100d.$((N / 1000))k.txt.gz"

if [ ! -r "$GLOVE" ]; then
    echo "cannot read $GLOVE; set GLOVE to a GloVe 6B 100d file (.txt or .txt.gz)" >&2
    exit 1
fi
case "$GLOVE" in
    *.gz) DECOMPRESS="gzip -dc" ;;
    *) DECOMPRESS="cat" ;;
esac

# head closes the pipe early, so the decompressor's exit status is not meaningful; the line count
# of the result is checked instead.
$DECOMPRESS "$GLOVE" | head -n "$N" | gzip -9n > "$OUT.tmp"
LINES=$(gzip -dc "$OUT.tmp" | wc -l)
if [ "$LINES" -ne "$N" ]; then
    rm -f "$OUT.tmp"
    echo "expected $N lines, got $LINES" >&2
    exit 1
fi
mv "$OUT.tmp" "$OUT"
echo "$OUT: $N words, $(wc -c < "$OUT") bytes"
sha256sum "$OUT"
