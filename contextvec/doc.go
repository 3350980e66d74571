// Package contextvec pools contextual vectors over a corpus: for every
// vocabulary id, the mean of a layer's hidden states over all its
// occurrences in real sentences (Bommasani et al., ACL 2020), for one or
// several layers in one pass.
//
// # Definition
//
// Each non-empty line is tokenized (Tokenizer, no [CLS]/[SEP]); its ids are
// cut into consecutive windows of at most Window ids (the model's
// max_position_embeddings − 2); each window runs as [CLS] window [SEP] with
// token type 0. For every window position holding id t (not the [CLS] and
// [SEP] around it) the layer's hidden state is added to a float64 sum for
// t, and t's count goes up by one. The vectors are float32(sum/count),
// zeros for ids never seen. testdata/context holds this definition run by
// transformers' BertModel on tiny-bert-ja.
//
// # Batching
//
// Run reads CommitWindows windows at a time (a chunk), orders them by
// length and cuts them into batches of at most BatchTokens padded ids, so
// that padding stays small; Encoder.Contexts masks the padding, so every
// window's states equal running it alone. Workers run batches at once, and
// their results are added in batch order, never in finishing order: the
// sums' bytes depend only on the corpus and the options.
//
// # Checkpoints
//
// After each chunk Run calls commit with its Position (lines consumed, a
// digest of their text, windows, tokens); Checkpoints.Save writes the
// float64 sums and counts as a new generation and then names it in
// context.ckpt.json, atomically. A resumed run loads the generation, skips
// the lines consumed (checking their digest: another corpus is refused)
// and goes on; since chunks start at the same lines either way, kill -9
// plus resume gives the same bytes as an uninterrupted run. The names are
// this package's: CheckpointFiles finds them and AuxFiles lists a context
// kind's files besides its means, so that an out dir's owner can claim
// and clear them.
//
// # Shards and merge
//
// Shard i of n takes the lines whose number ≡ i (mod n) and writes its
// float64 sums (WriteShard) instead of means; Merge checks that a set of
// shard directories is exactly 0..n−1 of one run (model weights and
// config, corpus, layers, window, n) and adds them in shard order. Counts are exact integers, so
// they equal a single run's; the vectors agree to float64 rounding.
package contextvec
