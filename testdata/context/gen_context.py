#!/usr/bin/python3
"""Regenerate testdata/context/: corpus-pooled context vectors of tiny-bert-ja.

Run with Debian's Python (torch 1.13, numpy; transformers is not installed):

    /usr/bin/python3 testdata/context/gen_context.py /work/shared

The outputs are committed; tests never run Python. Running it again rewrites
the same bytes.

The corpus and its tokens. transformers' own tokenizer output is the ground
truth: ../shared/conformance/tokenize/ja-mecab-wordpiece.jsonl holds
BertJapaneseTokenizer (MeCab ipadic + WordPiece, the class tiny-bert-ja's
tokenizer_config.json names) on the sentences of Botchan, with the ja-32k
vocabulary. Joining each word's ## pieces gives back MeCab's words exactly;
WordPiece with tiny-bert-ja's vocab.txt (transformers' WordpieceTokenizer:
greedy longest match, "##" for non-initial pieces, a word with an
unmatchable rest becomes one [UNK], words over 100 characters too) then
gives what BertJapaneseTokenizer would give with this model. Sentences whose
32k tokens hold [UNK] are left out (the word is lost there). corpus.txt is
the first LINES such sentences, with one blank line after the tenth (blank
lines are skipped, but they count as lines for --shard).

The definition (issue 14): each line's tokens are cut into consecutive
windows of at most max_position_embeddings - 2 = 62 tokens; each window runs
alone as [CLS] window [SEP], token type 0, attention mask all ones. For every
window token (not the [CLS] and [SEP] around it) with id t, the hidden state
of layer L is added to a float64 sum for t and t's count goes up by one.
context_L{L}.npy is float32(sum / count), zeros where the count is 0.

The forward is transformers 4.26.1's BertModel (eval mode, absolute
positions, gelu = erf GELU) written out in plain torch, float32, one thread.
Before anything is written it is held to transformers' own output
(tiny-bert-ja/reference/dynamic.npy, every id as [CLS] id [SEP]): the
largest difference is printed and must stay under 1e-5.
"""

import json
import math
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "tiny-bert-ja")
LINES = 60
LAYERS = [0, 1, 2]


def wordpiece(word, vocab):
    """transformers' WordpieceTokenizer.tokenize for one whitespace-free word."""
    if len(word) > 100:
        return ["[UNK]"]
    out, start = [], 0
    while start < len(word):
        end, cur = len(word), None
        while start < end:
            sub = word[start:end]
            if start > 0:
                sub = "##" + sub
            if sub in vocab:
                cur = sub
                break
            end -= 1
        if cur is None:
            return ["[UNK]"]
        out.append(cur)
        start = end
    return out


def words_from_pieces(tokens):
    words = []
    for t in tokens:
        if t.startswith("##") and words:
            words[-1] += t[2:]
        else:
            words.append(t)
    return words


def load_state():
    """The BertModel tensors from model.safetensors (F32 and I64 only)."""
    with open(os.path.join(MODEL, "model.safetensors"), "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        a, b = info["data_offsets"]
        arr = np.frombuffer(data[a:b], dtype="<f4").reshape(info["shape"])
        out[name.removeprefix("bert.")] = torch.from_numpy(arr.copy())
    return out


class Bert:
    """BertModel.forward of transformers 4.26.1, inference only."""

    def __init__(self, w, cfg):
        self.w, self.cfg = w, cfg

    def ln(self, x, p):
        return torch.nn.functional.layer_norm(
            x, (x.shape[-1],), self.w[p + ".weight"], self.w[p + ".bias"], self.cfg["layer_norm_eps"])

    def lin(self, x, p):
        return torch.nn.functional.linear(x, self.w[p + ".weight"], self.w[p + ".bias"])

    def hidden_states(self, ids):
        """All hidden states (embeddings, layer 1..N) for ids [1,S], mask all ones."""
        w, cfg = self.w, self.cfg
        S = ids.shape[1]
        pos = torch.arange(S).unsqueeze(0)
        typ = torch.zeros_like(ids)
        x = (torch.nn.functional.embedding(ids, w["embeddings.word_embeddings.weight"])
             + torch.nn.functional.embedding(typ, w["embeddings.token_type_embeddings.weight"])
             + torch.nn.functional.embedding(pos, w["embeddings.position_embeddings.weight"]))
        x = self.ln(x, "embeddings.LayerNorm")
        # get_extended_attention_mask: (1 - mask) * finfo(float32).min
        mask = (1.0 - torch.ones(1, 1, 1, S)) * torch.finfo(torch.float32).min
        heads = cfg["num_attention_heads"]
        d = cfg["hidden_size"] // heads
        out = [x]
        for i in range(cfg["num_hidden_layers"]):
            p = f"encoder.layer.{i}."

            def split(t):
                return t.view(1, S, heads, d).permute(0, 2, 1, 3)

            q = split(self.lin(x, p + "attention.self.query"))
            k = split(self.lin(x, p + "attention.self.key"))
            v = split(self.lin(x, p + "attention.self.value"))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + mask
            probs = torch.softmax(scores, dim=-1)
            ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous().view(1, S, heads * d)
            a = self.ln(self.lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            inter = torch.nn.functional.gelu(self.lin(a, p + "intermediate.dense"))
            x = self.ln(self.lin(inter, p + "output.dense") + a, p + "output.LayerNorm")
            out.append(x)
        return out


def check_against_transformers(bert, cls, sep):
    """This forward must reproduce transformers' own output: reference/dynamic.npy
    is last_hidden_state[0, 1] of BertModel for [CLS] i [SEP], every id i."""
    ref = np.load(os.path.join(MODEL, "reference", "dynamic.npy"))
    with torch.no_grad():
        got = np.stack([bert.hidden_states(torch.tensor([[cls, i, sep]]))[-1][0, 1].numpy()
                        for i in range(ref.shape[0])])
    worst = float(np.abs(got - ref).max())
    print(f"plain-torch BertModel vs transformers' dynamic.npy: max |diff| {worst:.2e}")
    assert worst < 1e-5, worst


def save_npy(path, arr):
    np.save(path, np.ascontiguousarray(arr))


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared")
    torch.set_num_threads(1)
    cfg = json.load(open(os.path.join(MODEL, "config.json")))
    vocab_list = [l.rstrip("\n") for l in open(os.path.join(MODEL, "vocab.txt"), encoding="utf-8")]
    vocab = {t: i for i, t in enumerate(vocab_list)}
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    src = os.path.join(shared, "conformance", "tokenize", "ja-mecab-wordpiece.jsonl")
    rows = [json.loads(l) for l in open(src, encoding="utf-8")][1:]
    picked = [r for r in rows if "[UNK]" not in r["tokens"]][:LINES]

    lines, tokens = [], []
    for r in picked:
        pieces = [p for w in words_from_pieces(r["tokens"]) for p in wordpiece(w, vocab)]
        lines.append(r["text"])
        tokens.append({"text": r["text"], "tokens": pieces, "ids": [vocab[p] for p in pieces]})
    with open(os.path.join(HERE, "corpus.txt"), "w", encoding="utf-8", newline="\n") as f:
        for i, l in enumerate(lines):
            f.write(l + "\n")
            if i == 9:
                f.write("\n")
    with open(os.path.join(HERE, "tokens.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for t in tokens:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")

    bert = Bert(load_state(), cfg)
    check_against_transformers(bert, cls, sep)
    V, H = cfg["vocab_size"], cfg["hidden_size"]
    win = cfg["max_position_embeddings"] - 2
    sums = {L: np.zeros((V, H), dtype=np.float64) for L in LAYERS}
    count = np.zeros(V, dtype=np.int64)
    windows = 0
    with torch.no_grad():
        for t in tokens:
            ids = t["ids"]
            for lo in range(0, len(ids), win):
                chunk = ids[lo:lo + win]
                hs = bert.hidden_states(torch.tensor([[cls] + chunk + [sep]]))
                windows += 1
                for j, tid in enumerate(chunk):
                    count[tid] += 1
                    for L in LAYERS:
                        sums[L][tid] += hs[L][0, j + 1].double().numpy()
    seen = count > 0
    for L in LAYERS:
        mean = np.zeros((V, H), dtype=np.float32)
        mean[seen] = (sums[L][seen] / count[seen, None]).astype(np.float32)
        save_npy(os.path.join(HERE, f"context_L{L}.npy"), mean.astype("<f4"))
    save_npy(os.path.join(HERE, "context_count.npy"), count.astype("<i8"))
    summary = {"lines": len(lines) + 1, "sentences": len(lines), "windows": windows,
               "tokens": int(count.sum()), "ids_seen": int(seen.sum()), "never_seen": int(V - seen.sum()),
               "layers": LAYERS, "window": win}
    with open(os.path.join(HERE, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print(summary)


if __name__ == "__main__":
    main()
