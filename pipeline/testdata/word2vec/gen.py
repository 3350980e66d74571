"""Writes the word2vec golden files with numpy, independently of the Go
code under test. Run with Debian's python3 (numpy 1.24):

    /usr/bin/python3 gen.py

small.w2v.txt is what gensim 4's save_word2vec_format(binary=False) writes
(it joins repr(val) per value; for numpy 1.x float32 repr == str). The
values avoid integers, |v| >= 1e6 and |v| just under 1e-4, where Go's
shortest 'g' format spells a float32 differently from numpy (1 vs 1.0,
1e+06 vs 1000000.0, 0.0001 vs 1e-04); both spellings read back to the
same float32.

small.w2v.bin is the binary layout of word2vec.c: "V H\n", then per row
the token, a space, H little-endian float32 and "\n". gensim 4 writes the
same without the "\n" and its loader strips it, so it reads both.
"""
import numpy as np

tokens = ["[PAD]", "王", "女王", "##ing"]
vectors = np.array([
    [0.1, -0.25, 0.33333334],
    [3.2e-05, -1.5, 2.7182817],
    [-0.00025, 12345.678, 0.5],
    [1e-10, -7.25, 0.0625],
], dtype="<f4")

with open("small.w2v.txt", "wb") as f:
    f.write(f"{len(tokens)} {vectors.shape[1]}\n".encode())
    for tok, row in zip(tokens, vectors):
        f.write(f"{tok} {' '.join(str(v) for v in row)}\n".encode())

with open("small.w2v.bin", "wb") as f:
    f.write(f"{len(tokens)} {vectors.shape[1]}\n".encode())
    for tok, row in zip(tokens, vectors):
        f.write(tok.encode() + b" " + row.tobytes() + b"\n")
