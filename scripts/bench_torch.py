#!/usr/bin/python3
"""Baseline for `make bench`: the dynamic vectors computed the way Python
users do, with PyTorch eager mode, in batches (like transformers' BertModel,
whose forward this mirrors op for op) and, optionally, one id per forward as
the original article did. Needs only Debian's python3-torch and numpy.

usage: bench_torch.py MODEL_DIR OUT.npy [--batch 256] [--limit N] [--one-by-one N]
"""
import json, math, struct, sys, time, argparse
import numpy as np
import torch

def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        b, e = info["data_offsets"]
        dt = {"F32": np.float32, "I64": np.int64}[info["dtype"]]
        out[name.removeprefix("bert.")] = torch.from_numpy(np.frombuffer(data[b:e], dtype=dt).reshape(info["shape"]).copy())
    return out

class Bert:
    def __init__(self, w, cfg):
        self.w, self.cfg = w, cfg
        self.H, self.nh = cfg["hidden_size"], cfg["num_attention_heads"]
        self.eps = cfg.get("layer_norm_eps", 1e-12)

    def ln(self, x, p):
        return torch.nn.functional.layer_norm(x, (self.H,), self.w[p + ".weight"], self.w[p + ".bias"], self.eps)

    def lin(self, x, p):
        return torch.nn.functional.linear(x, self.w[p + ".weight"], self.w[p + ".bias"])

    def heads(self, x):
        B, S, _ = x.shape
        return x.view(B, S, self.nh, self.H // self.nh).permute(0, 2, 1, 3)

    def forward(self, ids, mask=None):
        """ids [B,S]; mask: transformers' additive mask [B,1,1,S] for padding, or None."""
        B, S = ids.shape
        w = self.w
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:S] + w["embeddings.token_type_embeddings.weight"][0]
        x = self.ln(x, "embeddings.LayerNorm")
        for i in range(self.cfg["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            q, k, v = (self.heads(self.lin(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
            s = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.H // self.nh)
            if mask is not None:
                s = s + mask
            c = torch.matmul(s.softmax(-1), v).permute(0, 2, 1, 3).contiguous().view(B, S, self.H)
            a = self.ln(self.lin(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = torch.nn.functional.gelu(self.lin(a, p + "intermediate.dense"))
            x = self.ln(self.lin(h, p + "output.dense") + a, p + "output.LayerNorm")
        return x

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model"); ap.add_argument("out")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--one-by-one", type=int, default=0, help="also time N single-id forwards")
    a = ap.parse_args()
    cfg = json.load(open(a.model + "/config.json"))
    m = Bert(load_safetensors(a.model + "/model.safetensors"), cfg)
    V = a.limit or cfg["vocab_size"]
    out = np.zeros((V, cfg["hidden_size"]), np.float32)
    with torch.no_grad():
        t0 = time.time()
        for lo in range(0, V, a.batch):
            hi = min(lo + a.batch, V)
            ids = torch.tensor([[2, i, 3] for i in range(lo, hi)])
            out[lo:hi] = m.forward(ids)[:, 1].numpy()
        batched = time.time() - t0
        single = 0.0
        if a.one_by_one:
            t0 = time.time()
            for i in range(a.one_by_one):
                m.forward(torch.tensor([[2, i, 3]]))
            single = (time.time() - t0) / a.one_by_one
    np.save(a.out, out)
    print(json.dumps({"ids": V, "batch": a.batch, "threads": torch.get_num_threads(), "wall_s": batched,
                      "ids_per_s": V / batched, "one_by_one_s_per_id": single}))

if __name__ == "__main__":
    main()
