// Package search answers nearest-neighbour and analogy queries over the
// vectors `bertvec extract` writes, exactly and in pure Go.
//
// A vectors directory holds vocab.txt (line i is the token of id i), one
// <kind>.npy per extracted kind ([V, H] float32, see internal/npy) and
// meta.json. Open needs vocab.txt and the kind's .npy; meta.json is
// optional, but when present and listing the kind its shape must agree.
//
// Conventions:
//   - Metric L2 ranks by squared Euclidean distance, ascending, query words
//     included, ties broken by the lower id: the order faiss IndexFlatL2
//     gives. The query vector is the float32 sum of the term rows in the
//     order written (王 - 男 + 女 is ((王 - 男) + 女)).
//   - Metric Cosine ranks by cosine similarity, descending, ties by lower
//     id, as gensim's most_similar does: every term vector is scaled to unit
//     length before the signed sum, and a zero vector has cosine 0 with
//     everything. Its Distance is 1 - cosine.
//   - Exact means: the ids, order and distances are those of computing the
//     package's float32 distance kernel against every row. Fast paths only
//     skip rows they can prove cannot enter the top k (see bound.go).
//   - A query word must be a vocab token; otherwise it is WordPiece-split
//     and stands for the mean of its pieces, and the answer carries a note
//     saying so. A word with an [UNK] piece is an error. Eval is stricter:
//     its words must be single tokens, other questions are skipped.
//   - Errors wrap the sentinels in errors.go; bad input is one clear error.
package search
