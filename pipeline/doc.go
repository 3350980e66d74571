// Package pipeline extracts a vector for every vocabulary id and writes
// them to an out dir. It sees the model only through Encoder, so it builds
// and tests without cgo (pipelinetest.Fake stands in for the model).
//
// # Output
//
// For each kind (Static: the input embedding row; Dynamic: the chosen
// layer's output at position 1 of "[CLS] id [SEP]") Extract writes
// <kind>.npy, a .npy v1.0 file of shape (V, H), dtype '<f4', C order.
// FormatWord2Vec adds <kind>.w2v.txt and <kind>.w2v.bin beside it (the
// .npy stays: search reads it). vocab.txt holds token i on line i, and
// meta.json (type Meta) describes the run; it is written last, so an out
// dir with meta.json and no extract.state.json is complete.
//
// Every file appears complete or not at all: it is written under a
// temporary name (.partial or .tmp), fsynced, renamed, and the directory
// fsynced.
//
// # Engine
//
// Dynamic ids are cut into batches, batch k being ids [k*B, (k+1)*B). A
// feeder hands batch indices to the workers (Device.Workers goroutines per
// Device, all calling Encoder.Dynamic); each result goes to one writer,
// which puts the rows at their offset in dynamic.npy.partial, a file
// preallocated at its final size (header + V*H*4 bytes, fallocate on
// Linux so that a full disk fails at the start). A committer goroutine
// makes written batches durable in groups, so slow fsyncs never stall the
// workers. Static is copied from Encoder.Static in one go through the same
// partial-file path.
//
// # State and resume
//
// While a run is unfinished the out dir holds:
//
//   - extract.state.json: the run's identity (weights sha256, a sha256 of
//     config.json's forward-relevant fields and the special ids, kinds,
//     shape, format, and for dynamic the layer, batch size and thread
//     plan), and the meta.json entries of kinds already finished. Written
//     before anything else, atomically.
//   - dynamic.npy.partial: the preallocated output, rows filled in as
//     batches finish, in any order.
//   - dynamic.done: an append-only log of durable batch indices, 8 bytes
//     a record (uint32 index, uint32 CRC-32 of it, little-endian).
//
// A batch is recorded only after its rows are on disk: WriteAt the rows,
// fsync the partial file, append the index to the log, fsync the log.
// So after Ctrl-C, kill -9 or a power loss, every batch in the log has its
// rows on disk; batches written but not yet logged are simply computed
// again. A torn or garbage tail of the log (a power loss mid-append) fails
// its CRC: the log is read up to the first bad record and cut there.
//
// When all batches are logged the partial file is fsynced and renamed to
// dynamic.npy, the log removed, the word2vec files written from the .npy,
// and the kind's entry (with the .npy's sha256) added to the state file.
// After the last kind, vocab.txt and meta.json are written and the state
// file removed.
//
// Options.Resume continues from this state: the identity must match, or
// Extract refuses with ErrResumeMismatch naming what differs. Finished
// kinds are kept once their .npy matches its recorded sha256 (one that
// does not is made again), the dynamic batches in the log are skipped, and
// the rest computed; because batch k always holds the same ids, each row
// lands at a fixed offset and the thread plan of a forward is part of the
// identity, the finished files are byte-identical to those of an
// uninterrupted run. The worker count is not in the identity: which
// worker runs a batch does not change its bytes. Resuming a complete out
// dir with the same identity verifies its checksums and does nothing
// (Report.AlreadyComplete); resuming an empty one starts afresh.
//
// # The out dir's owner
//
// One type, outDir, owns the directory from lock to meta.json (outdir*.go);
// the context kinds' shards and merge write through it too. It takes an
// flock, so that two runs never share a directory; it opens every file
// with vecdir.OpenFile (no symbolic link followed, no pipe waited on, only
// regular files) and publishes every file by rename (internal/atomicfile).
// Files count as bertvec's only when a state file, a bertvec meta.json or
// a run's leftovers (.partial, .done, context checkpoints) say so; a
// kind's names are those of vecdir.Kind (File, and for context kinds the
// companions contextvec.AuxFiles lists), the checkpoints those
// contextvec.CheckpointFiles finds. On taking the lock it removes the
// temporary files a kill -9 left of those names (atomicfile.TempTarget:
// a checkpoint generation's can be gigabytes), and no other. An out dir
// that is a model checkpoint, or holds a vocab.txt or .npy nobody claims,
// is refused with ErrForeignDir, Force or not. Without Resume or Force,
// an out dir holding bertvec's files is refused with an *ExistsError,
// except that kinds a complete directory lacks are added when the model
// identity matches; Force deletes bertvec's files (and only them) first.
// Precheck makes the same refusals before a caller loads a model.
//
// # Context kinds, shards and merge
//
// ExtractAll is Extract with context kinds too (context.go): the pooling
// pass of package contextvec runs inside the same out dir, state file and
// meta.json, committing its own float64 checkpoints (context.ckpt*) so
// that kill -9 and Resume give the same bytes. A context shard (lines
// i mod n) writes float64 sums; MergeContext adds the shards. Static and
// dynamic shard by ids instead (idshard.go): ExtractShard runs Extract on
// a range of whole batches through rangeEncoder, its one meta.json
// marking every kind as that shard, and
// MergeIDShards concatenates the ranges into files byte-identical to a
// single run's. Merge picks the right one from the shards' meta.json.
//
// The corpus is part of a context kind's identity, known by the sha256 of
// its bytes as stored (what meta.json records), not by its name or size:
// the same text at another path is the same corpus, and a file edited in
// place keeping its size is not. A pass that is under way checks its
// checkpoint instead (contextvec.Checkpoints: the path as named, and the
// digest of the text read so far). A finished pass (a complete directory,
// or a state whose context kinds are done) is kept by Resume only for the
// same corpus, layer, window, batching and shard; otherwise Resume is
// refused with ErrResumeMismatch. The digest then costs one more read of
// the corpus, never a forward pass; for a stream ("-") that read consumes
// it, which is safe because it happens only when nothing is left to pool.
//
// # Errors
//
// An encoder error, a write error (ENOSPC included) or a cancelled context
// stops the run: no new batches are fed, batches already written are made
// durable, and the error (wrapping the cause, or ErrInterrupted for a
// cancelled context) says how many ids are saved, and matches
// ErrResumable. Nothing that looks complete is left behind. No error names
// a command-line flag: the CLI maps ExistsError, ErrResumable,
// ErrResumeMismatch and ErrCorruptState to its hints.
package pipeline
