// Package model loads a Hugging Face BERT checkpoint and runs its encoder.
//
// It is the only package with cgo besides the MeCab binding: the forward
// pass runs on libtorch through github.com/sugarme/gotch, in files named
// *_torch.go (and *_cpu.c) built only with `cgo && !nolibtorch`
// (encoder_disabled.go stands in otherwise). Everything
// that can be decided without libtorch is pure Go and builds with
// CGO_ENABLED=0, so bad checkpoints are rejected before any weight is read:
//
//   - config.go parses config.json into Config, which mirrors the file and
//     fills missing fields with transformers' BertConfig defaults; Validate
//     accepts only what the encoder implements (model_type bert, absolute
//     positions, gelu / gelu_new / relu).
//   - checkpoint.go finds config.json, vocab.txt and the weight file in a
//     directory (Inspect) and sniffs the weight format from its bytes:
//     model.safetensors, or pytorch_model.bin as a torch zip or a legacy
//     torch.save file.
//   - keys.go maps state-dict keys to canonical BertModel names: without
//     the "bert." prefix, LayerNorm gamma/beta read as weight/bias, heads,
//     pooler and buffers ignored. ExpectedShapes lists every tensor the
//     encoder needs; CheckShapes compares a checkpoint against it.
//   - the safetensors subpackage reads safetensors files (mmap) in pure Go.
//   - the torchpickle subpackage reads pytorch_model.bin (zip or legacy) in
//     pure Go, as a hostile file: no pickled code is run (globals outside a
//     small allow-list are refused), every allocation is bounded by the
//     bytes that can back it, zip CRC-32s are checked, DEFLATE is read.
//     Inspect parses the whole pickle, so a bad .bin fails before loading.
//   - config.json, vocab.txt and the weights must be regular files
//     (internal/regfile): a named pipe or a device is refused, not waited
//     on or read forever; config.json is bounded by MaxConfigSize.
//   - threadlimit.go bounds threads and workers by the machine's cores.
//
// Outputs are checked too: Dynamic and HiddenStates fail with a
// *NonFiniteError naming the first id whose output is NaN or ±Inf
// (finite weights can overflow), rather than return it.
//
// The libtorch side:
//
//   - Load (encoder_torch.go) builds an Encoder on one device: weights are
//     frozen float32 tensors (no autograd graph is ever recorded, whatever
//     a thread's grad mode), query/key/value fused into one matrix.
//   - Every tensor made during a piece of work belongs to one scope
//     (tensor_torch.go) and is freed by it exactly once; gotch ops are
//     always called with del=false, so nothing is freed behind its back.
//   - Dynamic is the extraction path for [CLS] id [SEP] (fastpath_torch.go);
//     HiddenStates is the general masked forward and the reference the
//     tests hold the fast path to. Contexts (context_torch.go) runs
//     windows of different lengths as one padded, masked batch and returns
//     several layers' states at every real position in one pass, for
//     corpus-pooled context vectors (package contextvec).
//   - On the CPU the elementwise passes a profile found costly run as
//     plain C over the tensors' memory instead of libtorch ops: the
//     short-sequence attention (attend_cpu.c) and the feed-forward's
//     bias-and-GELU and LayerNorm passes (eltwise_cpu.c), built for
//     AVX-512, AVX2 and baseline x86-64 and chosen at load. Each has a
//     libtorch twin that other devices use and the tests compare it with.
//   - libtorch keeps per-thread state, so each forward runs on one locked
//     OS thread; thread counts are process-wide and set before the first op.
//   - CUDA is checked before any work (gotch itself would log.Fatal), and
//     Runtime/Diagnose report what is really mapped into the process.
//
// Errors wrap the sentinels of errors.go and runtime.go and name the file,
// field or tensor at fault, with the numbers on both sides of a mismatch.
package model
