// Package genckpt writes BERT checkpoints with random weights, shaped like
// real ones, for benchmarks and tests that need a big model without a
// download. cmd/genckpt is its command line; `bertvec bench` uses it for
// its default BERT-base-shaped model.
//
// A directory gets config.json, vocab.txt ([PAD] [UNK] [CLS] [SEP] [MASK],
// some real Japanese tokens such as 王 女 男 子, then synthetic ones) and
// model.safetensors (F32, "bert."-prefixed keys, as BertForMaskedLM saves
// them without its head). Weights follow transformers' init: N(0, std²)
// with std = initializer_range, biases 0, LayerNorm weight 1 and bias 0,
// the [PAD] embedding row 0. The output depends only on the Spec: each
// tensor draws from its own stream seeded by (seed, index), so it is the
// same however the work is spread over goroutines.
package genckpt
