#!/usr/bin/python3
"""Regenerate testdata/fixtures/ and testdata/bad/ from testdata/tiny-bert-ja/.

Run with Debian's Python (torch 1.13, numpy; no transformers, no safetensors
module):

    /usr/bin/python3 testdata/gen_fixtures.py

The outputs are committed; tests never run Python. Running it again
rewrites the same bytes, except fixtures/legacy-bin/pytorch_model.bin:
legacy torch.save names storages by their memory address.

fixtures/ holds the same tiny model in the other shapes a real checkpoint
takes; bad/ holds one defect per directory (see the README each writes).
"""

import json
import os
import shutil
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "tiny-bert-ja")
FIXTURES = os.path.join(HERE, "fixtures")
BAD = os.path.join(HERE, "bad")

# transformers leaves tied aliases out of safetensors files.
TIED = {"cls.predictions.decoder.weight", "cls.predictions.decoder.bias"}

ST_DTYPE = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}


def raw_bytes(t):
    """Little-endian row-major bytes of t (numpy has no bfloat16)."""
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors, shapes=None):
    """Write tensors (name -> torch.Tensor) as safetensors, in name order.

    shapes optionally overrides the shape written in the header for some
    names (the byte count must stay the same).
    """
    shapes = shapes or {}
    header = {"__metadata__": {"format": "pt"}}
    blobs, off = [], 0
    for name in sorted(tensors):
        t = tensors[name]
        b = raw_bytes(t)
        header[name] = {
            "dtype": ST_DTYPE[t.dtype],
            "shape": list(shapes.get(name, t.shape)),
            "data_offsets": [off, off + len(b)],
        }
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def new_dir(parent, name, config=None, vocab=True):
    """Make parent/name with config.json (maybe edited) and vocab.txt."""
    d = os.path.join(parent, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(SRC, "config.json")) as f:
        cfg = json.load(f)
    cfg.update(config or {})
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
        f.write("\n")
    if vocab:
        shutil.copy(os.path.join(SRC, "vocab.txt"), d)
    return d


def save_bin(path, obj, legacy=False):
    torch.save(obj, path, _use_new_zipfile_serialization=not legacy)


def truncate(path, keep):
    with open(path, "rb") as f:
        b = f.read()
    with open(path, "wb") as f:
        f.write(b[:keep])
    return len(b)


def write_readme(d, title, rows):
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write("# %s\n\nWritten by testdata/gen_fixtures.py; do not edit.\n\n" % title)
        for name, text in rows:
            f.write("- `%s/`: %s\n" % (name, text))


def fixtures(sd):
    untied = {k: v for k, v in sd.items() if k not in TIED}
    rows = []

    d = new_dir(FIXTURES, "legacy-bin")
    save_bin(os.path.join(d, "pytorch_model.bin"), sd, legacy=True)
    rows.append(("legacy-bin", "pytorch_model.bin in the legacy torch.save format "
                 "(_use_new_zipfile_serialization=False), same state dict as tiny-bert-ja, tied alias kept."))

    d = new_dir(FIXTURES, "gamma-beta")
    renamed = {}
    for k, v in sd.items():
        if k.endswith("LayerNorm.weight"):
            k = k[: -len("weight")] + "gamma"
        elif k.endswith("LayerNorm.bias"):
            k = k[: -len("bias")] + "beta"
        renamed[k] = v
    save_bin(os.path.join(d, "pytorch_model.bin"), renamed)
    rows.append(("gamma-beta", "pytorch_model.bin (zip) whose LayerNorm parameters are named gamma/beta, "
                 "as in cl-tohoku's 2019 upload; values as tiny-bert-ja."))

    d = new_dir(FIXTURES, "no-prefix")
    bare = {k[len("bert."):]: v for k, v in sd.items() if k.startswith("bert.")}
    write_safetensors(os.path.join(d, "model.safetensors"), bare)
    rows.append(("no-prefix", "model.safetensors with BertModel keys: no `bert.` prefix, no cls heads "
                 "(pooler and position_ids kept); values as tiny-bert-ja."))

    rows += half_fixtures(untied)
    write_readme(FIXTURES, "Checkpoint fixtures (tiny-bert-ja in other layouts)", rows)


def half_fixtures(untied):
    """f16/ and bf16/ hold every float tensor rounded to the half type;
    f16-as-f32/ and bf16-as-f32/ the same rounded values widened back to
    F32 by torch, so that a test compares two different files."""
    rows = []
    for half, name in ((torch.float16, "f16"), (torch.bfloat16, "bf16")):
        halves = {k: v.to(half) if v.dtype == torch.float32 else v for k, v in untied.items()}
        wide = {k: v.to(torch.float32) if v.dtype == half else v for k, v in halves.items()}
        assert all(v.dtype != half for v in wide.values())
        d = new_dir(FIXTURES, name)
        write_safetensors(os.path.join(d, "model.safetensors"), halves)
        d = new_dir(FIXTURES, name + "-as-f32")
        write_safetensors(os.path.join(d, "model.safetensors"), wide)
        rows.append((name, "model.safetensors with every float tensor as %s (torch's rounding), "
                     "position_ids I64." % name.upper()))
        rows.append((name + "-as-f32", "the same %s-rounded values widened by torch and stored as F32: "
                     "loading %s/ must give exactly these floats." % (name.upper(), name)))
    return rows


def bad(sd):
    untied = {k: v for k, v in sd.items() if k not in TIED}
    st = lambda d: write_safetensors(os.path.join(d, "model.safetensors"), untied)
    rows = []

    d = new_dir(BAD, "truncated-safetensors")
    st(d)
    n = truncate(os.path.join(d, "model.safetensors"), 200000)
    rows.append(("truncated-safetensors", "model.safetensors cut from %d to 200000 bytes." % n))

    d = new_dir(BAD, "corrupt-header-safetensors")
    st(d)
    p = os.path.join(d, "model.safetensors")
    with open(p, "r+b") as f:
        f.seek(8 + 100)
        f.write(b"\x00garbage\xff")
    rows.append(("corrupt-header-safetensors", "model.safetensors with bytes 108-117 of its JSON header "
                 "overwritten (invalid JSON and UTF-8); length prefix intact."))

    d = new_dir(BAD, "truncated-bin")
    p = os.path.join(d, "pytorch_model.bin")
    save_bin(p, sd)
    n = truncate(p, 200000)
    rows.append(("truncated-bin", "pytorch_model.bin (zip) cut from %d to 200000 bytes: "
                 "no zip central directory." % n))

    d = new_dir(BAD, "list-bin")
    save_bin(os.path.join(d, "pytorch_model.bin"), [sd["bert.embeddings.word_embeddings.weight"],
                                                     sd["bert.embeddings.LayerNorm.weight"]])
    rows.append(("list-bin", "pytorch_model.bin (zip) holding a list of two tensors, not a state dict."))

    d = new_dir(BAD, "roberta", {"model_type": "roberta", "architectures": ["RobertaForMaskedLM"]})
    st(d)
    rows.append(("roberta", "config.json with model_type roberta; weights and vocab valid."))

    d = new_dir(BAD, "vocab-mismatch")
    with open(os.path.join(d, "vocab.txt"), "a") as f:
        f.write("余分\n")
    st(d)
    rows.append(("vocab-mismatch", "vocab.txt with 418 lines, config.json vocab_size 417."))

    d = new_dir(BAD, "wrong-shape")
    name = "bert.encoder.layer.1.intermediate.dense.weight"
    write_safetensors(os.path.join(d, "model.safetensors"), untied, shapes={name: [64, 128]})
    rows.append(("wrong-shape", "model.safetensors whose %s is declared [64, 128] "
                 "(config implies [128, 64]); same bytes." % name))

    d = new_dir(BAD, "wrong-shape-bin")
    wrong = dict(sd)
    wrong[name] = sd[name].reshape(64, 128).clone()
    save_bin(os.path.join(d, "pytorch_model.bin"), wrong)
    rows.append(("wrong-shape-bin", "pytorch_model.bin (zip) whose %s is [64, 128] "
                 "(config implies [128, 64])." % name))

    d = new_dir(BAD, "bad-act", {"hidden_act": "swish"})
    st(d)
    rows.append(("bad-act", "config.json with hidden_act swish (a transformers activation bertvec lacks)."))

    d = new_dir(BAD, "missing-vocab", vocab=False)
    st(d)
    rows.append(("missing-vocab", "config.json and model.safetensors, no vocab.txt."))
    write_readme(BAD, "Bad checkpoints, one defect each", rows)


def main():
    torch.manual_seed(0)
    sd = torch.load(os.path.join(SRC, "pytorch_model.bin"), map_location="cpu")
    fixtures(sd)
    bad(sd)


if __name__ == "__main__":
    main()
