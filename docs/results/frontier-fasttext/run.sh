#!/bin/sh
# fastText on the same splits: supervised training with GloVe 6B 100d as pretrained vectors, then
# `fasttext quantize` to .ftz at several cutoffs. Settings (epoch, lr) chosen on dev; test measured
# on the chosen models. Usage: run.sh [DATA_DIR] [GLOVE_GZ] [WORK_DIR]
set -e
D=${1:-../shared/data/classification}
G=${2:-../shared/data/glove/glove.6B.100d.341k.txt.gz}
W=${3:-/tmp/fasttext-frontier}
mkdir -p "$W"
# fastText reads pretrained vectors only for the words of its dictionary, which it builds from the
# training file: keep the GloVe rows of the words of the splits (the same models, read much faster).
if [ ! -s "$W/glove.vec" ]; then
  cat "$D"/sst2.*.tsv "$D"/trec6.*.tsv "$D"/mr.*.tsv | cut -f2 | tr ' ' '\n' | sort -u > "$W/words.txt"
  gzip -dc "$G" | awk 'NR == FNR {w[$1] = 1; next} ($1 in w)' "$W/words.txt" - > "$W/glove.rows"
  { echo "$(wc -l < "$W/glove.rows") 100"; cat "$W/glove.rows"; } > "$W/glove.vec.tmp" && mv "$W/glove.vec.tmp" "$W/glove.vec"
fi
acc() { # model split-file -> precision at 1 (= accuracy, one label per sentence)
  fasttext test "$1" "$2" | awk '/^P@1/ {print $2}'
}
for ds in sst2 trec6 mr; do
  for s in train dev test; do
    awk -F'\t' '{print "__label__" $1 " " $2}' "$D/$ds.$s.tsv" > "$W/$ds.$s.txt"
  done
  best=""; bestdev=0
  for epoch in 5 25; do
    for lr in 0.1 0.5; do
      m="$W/$ds-e$epoch-lr$lr"
      fasttext supervised -input "$W/$ds.train.txt" -output "$m" -dim 100 -pretrainedVectors "$W/glove.vec" \
        -epoch $epoch -lr $lr -thread 1 -seed 1 -verbose 0
      dev=$(acc "$m.bin" "$W/$ds.dev.txt")
      echo "$ds epoch=$epoch lr=$lr dev=$dev"
      if awk "BEGIN{exit !($dev > $bestdev)}"; then best=$m; bestdev=$dev; fi
    done
  done
  echo "$ds chosen $(basename $best) dev=$bestdev test=$(acc $best.bin $W/$ds.test.txt) bin_bytes=$(stat -c %s $best.bin)"
  for cutoff in 0 50000 10000 2000 500; do
    q="$W/$ds-q$cutoff"
    cp "$best.bin" "$q.bin"
    if [ $cutoff -eq 0 ]; then
      fasttext quantize -input "$W/$ds.train.txt" -output "$q" -qnorm -qout -dsub 2
    else
      fasttext quantize -input "$W/$ds.train.txt" -output "$q" -qnorm -qout -dsub 2 -cutoff $cutoff -retrain \
        -epoch 5 -lr 0.1 -thread 1
    fi
    echo "$ds ftz cutoff=$cutoff dev=$(acc $q.ftz $W/$ds.dev.txt) test=$(acc $q.ftz $W/$ds.test.txt) ftz_bytes=$(stat -c %s $q.ftz)"
  done
done
