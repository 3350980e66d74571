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
//     everything. A row too small or too large for float32 products (a
//     denormal row, whose 1/‖x‖ would overflow) is scaled in float64
//     first, so its cosine is the true one, never ±Inf (special.go). Its
//     Distance is 1 - cosine.
//   - By default every row can be a result, special tokens included, as
//     faiss ranks them; Options.ExcludeSpecial leaves out [PAD], [UNK],
//     [CLS], [SEP], [MASK] and [unusedN] (IsSpecial).
//   - JSON: a Result or NormAnswer writes a non-finite float as the string
//     "NaN", "Infinity" or "-Infinity" (json.go), so one corrupt row does
//     not make the whole answer unencodable.
//   - Exact means: the ids, order and distances are those of computing the
//     package's float32 distance kernel against every row. Fast paths only
//     skip rows they can prove cannot enter the top k (see bound.go).
//   - A query word that is not a vocab token is tokenized as the model
//     does (package tokenize, with the settings extract copied into the
//     directory; plain WordPiece for a directory without them) and stands
//     for the mean of its tokens' rows; the answer carries a note naming
//     the tokens. A word with an [UNK] token is an error. Eval is stricter:
//     its words must be single tokens, other questions are skipped (as
//     gensim's evaluate_word_analogies skips words it has no vector for),
//     unless WithOOV(PiecesOOV) lets a, b and c be means of tokens too.
//   - Errors wrap the sentinels in errors.go; bad input is one clear error.
//
// Speed. Search scans every row with the float32 kernel unless Prepare has
// built the index: an int8 copy of the rows (a quarter of the bytes) plus
// per-row error bounds. Then one pass of integer dot products bounds every
// row's key and only the rows that can still reach the top k (a few dozen
// of 32000 on random data) are re-ranked exactly; bound.go proves the
// result equals the exhaustive scan. SearchBatch and AnalogyBatch build the
// index themselves from batchIndexMin queries on and share each pass over
// the rows among 64 queries, two rows by four queries per kernel call.
// The kernels are AVX2+FMA assembly on amd64 (kernel_amd64.s), chosen at
// run time; elsewhere, or built with -tags purego, portable Go kernels run
// (then Search keeps the exact scan, which is faster than int8 in Go).
// Scans use GOMAXPROCS goroutines.
package search
