#!/usr/bin/python3
"""Baseline for `make bench`'s context benchmark: corpus-pooled context
vectors computed the way a Python user would, with PyTorch eager mode on
the same windows bertvec runs: each line's ids (from `bertvec tokenize
--lines`) cut into windows of at most max_position_embeddings-2 ids,
[CLS] window [SEP], windows sorted by length and batched up to
--batch-tokens padded ids with transformers' additive padding mask, the
last layer's states summed per id in float64. Needs only Debian's
python3-torch and numpy.

usage: bench_context_torch.py MODEL_DIR IDS.jsonl OUT.npy [--batch-tokens 8192] [--layer L]
"""
import argparse, json, os, sys, time
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_torch import Bert, load_safetensors  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model"); ap.add_argument("ids"); ap.add_argument("out")
    ap.add_argument("--batch-tokens", type=int, default=8192)
    ap.add_argument("--threads", type=int, default=os.cpu_count(),
                    help="intra-op threads (Debian's torch starts with 1; a fair baseline uses every core)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cfg = json.load(open(a.model + "/config.json"))
    m = Bert(load_safetensors(a.model + "/model.safetensors"), cfg)
    win = cfg["max_position_embeddings"] - 2
    windows = []
    for line in open(a.ids, encoding="utf-8"):
        ids = json.loads(line)["ids"]
        for lo in range(0, len(ids), win):
            windows.append([2] + ids[lo:lo + win] + [3])
    V, H = cfg["vocab_size"], cfg["hidden_size"]
    sums = np.zeros((V, H), np.float64)
    counts = np.zeros(V, np.int64)
    t0 = time.time()
    with torch.no_grad():
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        lo = 0
        while lo < len(order):
            hi = lo + 1
            while hi < len(order) and (hi - lo + 1) * len(windows[order[hi]]) <= a.batch_tokens:
                hi += 1
            batch = [windows[i] for i in order[lo:hi]]
            S = len(batch[-1])
            ids = torch.zeros(len(batch), S, dtype=torch.long)
            mask = torch.zeros(len(batch), 1, 1, S)
            for b, w in enumerate(batch):
                ids[b, :len(w)] = torch.tensor(w)
                mask[b, 0, 0, len(w):] = torch.finfo(torch.float32).min
            out = m.forward(ids, mask).numpy()
            for b, w in enumerate(batch):
                inner = np.array(w[1:-1])
                np.add.at(sums, inner, out[b, 1:len(w) - 1].astype(np.float64))
                np.add.at(counts, inner, 1)
            lo = hi
    wall = time.time() - t0
    seen = counts > 0
    mean = np.zeros((V, H), np.float32)
    mean[seen] = (sums[seen] / counts[seen, None]).astype(np.float32)
    np.save(a.out, mean)
    tokens = int(counts.sum())
    print(json.dumps({"windows": len(windows), "tokens": tokens, "wall_s": wall, "tokens_per_s": tokens / wall,
                      "threads": torch.get_num_threads(), "batch_tokens": a.batch_tokens}))


main()
