#!/usr/bin/python3
"""PyTorch peer of TrainStepBenchmark: milliseconds per training iteration and inference cost per sentence.

Usage: train_step_peer.py [--threads 2] [--scale 1.0] [--only dan|lstm|inference]

The models are those of /work/shared/peers/train_peers.py (DAN: masked mean -> Linear(d,30) ReLU ->
Linear(30,25) ReLU -> Linear(25,C); LSTM: nn.LSTM(d,150) over the padded batch, masked mean of the
outputs, Linear(150,C); factorized embedding: lookup U (V x r) then Linear(r,d,bias=False), the DAN
averaging in r-space first). Same shapes as lore's harness: V = 13,484, d = 100, batch 50, padded
length 40, lengths uniform in 5..40 (id 0 = padding, real ids in 1..V-1), C = 2, r = 9, Adam with
eps 0.01. One iteration = forward, cross-entropy, zero_grad, backward, Adam step. Also an LSTM over
packed sequences (pack_padded_sequence, padding skipped), which train_peers.py does not use.

Inference (eval mode, no_grad, batch of 50): full table, factorized, and an 8-bit per-row quantized
table (uint8 codes, per-row offset and step, rows dequantized after the lookup).

Prints JSON lines (kind env / train_step / inference), medians after warm-up.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import blas_info, emit, env_info  # noqa: E402

VOCAB, DIM, BATCH, SEQ_LEN, MIN_LEN, CLASSES, RANK, HIDDEN, BATCHES = 13484, 100, 50, 40, 5, 2, 9, 150, 40


class FactorEmbedding(nn.Module):
    def __init__(self, u, svt):
        super().__init__()
        self.lookup = nn.Embedding(u.shape[0], u.shape[1], padding_idx=0)
        self.proj = nn.Linear(u.shape[1], svt.shape[1], bias=False)
        with torch.no_grad():
            self.lookup.weight.copy_(u)
            self.proj.weight.copy_(svt.T)

    def forward(self, ids):
        return self.proj(self.lookup(ids))


class QuantizedEmbedding(nn.Module):
    """8-bit per-row affine codes; looked-up rows are dequantized (no parameters)."""

    def __init__(self, table, bits=8):
        super().__init__()
        lo = table.min(1, keepdim=True).values
        hi = table.max(1, keepdim=True).values
        step = (hi - lo).clamp(min=1e-12) / (2 ** bits - 1)
        self.register_buffer('codes', torch.round((table - lo) / step).to(torch.uint8))
        self.register_buffer('lo', lo)
        self.register_buffer('step', step)

    def forward(self, ids):
        return self.codes[ids].float() * self.step[ids] + self.lo[ids]


def masked_mean(e, ids):
    m = (ids != 0).to(e.dtype).unsqueeze(-1)
    return (e * m).sum(1) / m.sum(1).clamp(min=1.0)


class DAN(nn.Module):
    def __init__(self, emb, d, c):
        super().__init__()
        self.emb = emb
        self.f1 = nn.Linear(d, 30)
        self.f2 = nn.Linear(30, 25)
        self.out = nn.Linear(25, c)

    def forward(self, ids):
        if isinstance(self.emb, FactorEmbedding):
            h = self.emb.proj(masked_mean(self.emb.lookup(ids), ids))
        else:
            h = masked_mean(self.emb(ids), ids)
        return self.out(F.relu(self.f2(F.relu(self.f1(h)))))


class LSTMClf(nn.Module):
    def __init__(self, emb, d, c, hidden=HIDDEN, packed=False):
        super().__init__()
        self.emb = emb
        self.lstm = nn.LSTM(d, hidden, num_layers=1, batch_first=True)
        self.out = nn.Linear(hidden, c)
        self.packed = packed

    def forward(self, ids):
        e = self.emb(ids)
        if self.packed:
            lengths = (ids != 0).sum(1)
            p = nn.utils.rnn.pack_padded_sequence(e, lengths.cpu(), batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(p)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=ids.shape[1])
        else:
            h, _ = self.lstm(e)
        return self.out(masked_mean(h, ids))


def batches(rng):
    out = []
    for _ in range(BATCHES):
        ids = torch.zeros(BATCH, SEQ_LEN, dtype=torch.long)
        for i in range(BATCH):
            n = int(rng.integers(MIN_LEN, SEQ_LEN + 1))
            ids[i, :n] = torch.from_numpy(rng.integers(1, VOCAB, size=n))
        out.append((ids, torch.from_numpy(rng.integers(0, CLASSES, size=BATCH))))
    return out


def embedding(kind, table, u, svt):
    if kind == 'full':
        emb = nn.Embedding(VOCAB, DIM, padding_idx=0)
        with torch.no_grad():
            emb.weight.copy_(table)
        return emb
    if kind == 'factorized':
        return FactorEmbedding(u, svt)
    if kind == 'quantized8':
        return QuantizedEmbedding(table)
    raise ValueError(kind)


def stats(ms):
    s = sorted(ms)
    return {'ms_median': round(statistics.median(ms), 4), 'ms_p10': round(s[len(s) // 10], 4),
            'ms_p90': round(s[(len(s) * 9) // 10], 4), 'ms_min': round(s[0], 4)}


def train(model_name, kind, model, data, warmup, iterations):
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=0.01)
    ms, loss_sum = [], 0.0
    for it in range(warmup + iterations):
        ids, y = data[it % len(data)]
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(ids), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        t1 = time.perf_counter()
        if it >= warmup:
            ms.append((t1 - t0) * 1e3)
            loss_sum += float(loss)
    params = sum(p.numel() for p in model.parameters())
    emit({'kind': 'train_step', 'harness': 'train_step_peer', 'model': model_name, 'embedding': kind,
          'optimizer': 'torch.optim.Adam', 'params': params, 'iterations': iterations,
          'threads': torch.get_num_threads(), **stats(ms), 'mean_loss': round(loss_sum / iterations, 5)})


@torch.no_grad()
def infer(model_name, kind, model, data, warmup, iterations):
    model.eval()
    us, checksum = [], 0
    for it in range(warmup + iterations):
        ids, _ = data[it % len(data)]
        t0 = time.perf_counter()
        pred = model(ids).argmax(1)
        t1 = time.perf_counter()
        checksum += int(pred[0])
        if it >= warmup:
            us.append((t1 - t0) * 1e6 / BATCH)
    emit({'kind': 'inference', 'harness': 'train_step_peer', 'model': model_name, 'embedding': kind,
          'batch': BATCH, 'iterations': iterations, 'threads': torch.get_num_threads(),
          'us_per_sentence_median': round(statistics.median(us), 3), 'us_per_sentence_min': round(min(us), 3),
          'checksum': checksum})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--scale', type=float, default=1.0)
    ap.add_argument('--only', default='all', choices=['all', 'dan', 'lstm', 'inference'])
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(2019)
    rng = np.random.default_rng(2019)
    emit({'kind': 'env', 'harness': 'train_step_peer', 'threads': torch.get_num_threads(),
          'interop_threads': torch.get_num_interop_threads(), 'blas': blas_info(),
          'V': VOCAB, 'd': DIM, 'batch': BATCH, 'seqLen': SEQ_LEN, 'lengths': 'uniform %d..%d' % (MIN_LEN, SEQ_LEN),
          'classes': CLASSES, 'rank': RANK, 'hidden': HIDDEN, **env_info()})
    data = batches(rng)
    table = (torch.rand(VOCAB, DIM) * 2 - 1) * 0.5
    u = (torch.rand(VOCAB, RANK) * 2 - 1) * 0.5
    svt = (torch.rand(RANK, DIM) * 2 - 1) * 0.5
    n = lambda k: max(1, int(k * a.scale))  # noqa: E731
    if a.only in ('all', 'dan'):
        for kind in ('full', 'factorized'):
            train('dan', kind, DAN(embedding(kind, table, u, svt), DIM, CLASSES), data, n(100), n(500))
    if a.only in ('all', 'lstm'):
        for kind in ('full', 'factorized'):
            train('lstm', kind, LSTMClf(embedding(kind, table, u, svt), DIM, CLASSES), data, n(10), n(40))
        train('lstm-packed', 'full', LSTMClf(embedding('full', table, u, svt), DIM, CLASSES, packed=True),
              data, n(10), n(40))
    if a.only in ('all', 'inference'):
        for kind in ('full', 'factorized', 'quantized8'):
            emb = embedding(kind, table, u, svt)
            infer('dan', kind, DAN(emb, DIM, CLASSES), data, n(100), n(400))
            infer('lstm', kind, LSTMClf(emb, DIM, CLASSES), data, n(10), n(40))


if __name__ == '__main__':
    main()
