#!/usr/bin/python3
"""Writes the synthetic tables of the out-of-core benchmark, and their optimal error.

Usage: outofcore_table.py ROWSxDIM OUT_PREFIX [--seed 11] [--text]

Rows are G diag(s) Q^T with G standard normal, s_i = (1 + i)^-0.5 and Q a random orthogonal
matrix (the spectrum of the scale-outofcore check), words w0000000, w0000001, ... Writes
OUT_PREFIX.bin (word2vec binary: "V d\\n", then per row "word " + d little-endian float32 + "\\n"),
with --text also OUT_PREFIX.txt (word2vec text: the same header, then "word v1 ... vd" with the
float32 values printed with 6 decimals, as GloVe's files are), and OUT_PREFIX.json with the Eckart-Young optimum
of the binary table at the rank of 90% compression (floor(0.1 V d / (V + d))) from its Gram matrix
accumulated in float64. Rows are generated and written in chunks of 100,000, so memory stays small.
"""
import argparse
import json

import numpy as np


SKIP = 0xFF


def text_rows(x, start):
    """Rows as 'wNNNNNNN v1 ... vd' lines, each value as [-]D.DDDDDD, built with array arithmetic."""
    n, d = x.shape
    if not np.all(np.abs(x) < 9.9999995):
        raise SystemExit('a value is 10 or more in magnitude: the fixed text layout cannot print it')
    q = np.rint(np.abs(x.astype(np.float64)) * 1e6).astype(np.int64)  # 0 .. 9_999_999
    cell = np.full((n, d, 10), SKIP, np.uint8)  # [sign] D . D D D D D D space
    cell[:, :, 0] = np.where(x < 0, ord('-'), SKIP)
    cell[:, :, 1] = ord('0') + q // 1_000_000
    cell[:, :, 2] = ord('.')
    for k in range(6):
        cell[:, :, 8 - k] = ord('0') + (q // 10 ** k) % 10
    cell[:, :, 9] = ord(' ')
    cell[:, -1, 9] = ord('\n')
    words = np.frombuffer(''.join(f'w{i:07d} ' for i in range(start, start + n)).encode(), np.uint8).reshape(n, 9)
    rows = np.concatenate([words, cell.reshape(n, d * 10)], axis=1).reshape(-1)
    return rows[rows != SKIP].tobytes()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('shape')
    ap.add_argument('out')
    ap.add_argument('--seed', type=int, default=11)
    ap.add_argument('--text', action='store_true')
    a = ap.parse_args()
    v, d = (int(x) for x in a.shape.split('x'))
    rng = np.random.default_rng(a.seed)
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    s = (1.0 / (1 + np.arange(d))) ** 0.5
    rec = np.dtype([('w', 'S9'), ('v', '<f4', (d,)), ('nl', 'S1')])
    gram = np.zeros((d, d))
    txt = open(a.out + '.txt', 'wb') if a.text else None
    with open(a.out + '.bin', 'wb') as f:
        f.write(f'{v} {d}\n'.encode())
        if txt:
            txt.write(f'{v} {d}\n'.encode())
        for start in range(0, v, 100_000):
            n = min(100_000, v - start)
            x = ((rng.standard_normal((n, d)) * s) @ q).astype(np.float32)
            r = np.zeros(n, rec)
            r['w'] = [f'w{i:07d} '.encode() for i in range(start, start + n)]
            r['v'] = x
            r['nl'] = b'\n'
            r.tofile(f)
            x64 = x.astype(np.float64)
            gram += x64.T @ x64
            if txt:
                txt.write(text_rows(x, start))
    if txt:
        txt.close()
    lam = np.sort(np.linalg.eigvalsh(gram))[::-1]
    rank = int(np.floor(0.1 * v * d / (v + d)))
    opt = float(np.sqrt(max(lam[rank:].sum(), 0.0) / lam.sum()))
    info = {'kind': 'table', 'rows': v, 'dim': d, 'seed': a.seed, 'rank_90': rank, 'optimal_error_bin': opt,
            'float32_bytes': v * d * 4}
    with open(a.out + '.json', 'w') as f:
        json.dump(info, f)
    print(json.dumps(info))


if __name__ == '__main__':
    main()
