"""gensim's evaluations as the reference of `lore evaluate`, under the same conventions.

    evaluate_peer.py VECTORS --wordsim F... [--analogies F] [--restrict N]

VECTORS is a GloVe text file (no header; `lore export` writes a .lore file's reconstructed vectors
in this form) or a KeyedVectors.save file (.kv). Prints one JSON object shaped like
`lore evaluate --json`: {"wordsim": {STEM: {"spearman", "pairs", "oov"}}, "analogy": {"accuracy",
"questions", "correct", "skipped"}}.

Conventions, those lore documents: word-similarity pairs are looked up case-insensitively over the
whole vocabulary (evaluate_word_pairs(restrict_vocab=len(kv))), pairs with an unknown word skipped;
analogies by evaluate_word_analogies(restrict_vocab=N) (3CosAdd over the N first words, the
question words excluded, questions with a word outside them skipped), accuracy over the questions
evaluated (gensim's "Total accuracy" section).
"""
import argparse
import json
import os
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument('vectors')
    p.add_argument('--wordsim', nargs='*', default=[])
    p.add_argument('--analogies')
    p.add_argument('--restrict', type=int, default=30000)
    a = p.parse_args()
    from gensim.models import KeyedVectors
    if a.vectors.endswith('.kv'):
        kv = KeyedVectors.load(a.vectors, mmap='r')
    else:
        kv = KeyedVectors.load_word2vec_format(a.vectors, binary=False, no_header=True)
    out = {'wordsim': {}}
    for f in a.wordsim:
        # gensim counts a pair with an unknown word as oov and skips it; lines are tab-separated.
        pearson, spearman, oov_ratio = kv.evaluate_word_pairs(f, delimiter='\t', restrict_vocab=len(kv),
                                                             case_insensitive=True)
        total = sum(1 for line in open(f, encoding='utf-8', errors='replace')
                    if line.strip() and not line.startswith('#'))
        oov = round(total * oov_ratio / 100.0)
        out['wordsim'][os.path.splitext(os.path.basename(f))[0]] = {
            'spearman': float(spearman.correlation if hasattr(spearman, 'correlation') else spearman[0]),
            'pairs': total - oov, 'oov': oov}
    if a.analogies:
        score, sections = kv.evaluate_word_analogies(a.analogies, restrict_vocab=a.restrict, case_insensitive=True)
        total = [s for s in sections if s['section'] == 'Total accuracy'][0]
        questions = sum(1 for line in open(a.analogies, encoding='utf-8')
                        if line.strip() and not line.startswith(':'))
        n = len(total['correct']) + len(total['incorrect'])
        out['analogy'] = {'accuracy': float(score), 'questions': n, 'correct': len(total['correct']),
                          'skipped': questions - n}
    json.dump(out, sys.stdout)
    print()


if __name__ == '__main__':
    main()
