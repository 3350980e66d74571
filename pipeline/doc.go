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
//   - extract.state.json: the run's identity (weights sha256, kinds,
//     shape, format, and for dynamic the layer and batch size), and the
//     meta.json entries of kinds already finished. Written before anything
//     else, atomically.
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
// kinds are kept, the dynamic batches in the log are skipped, and the rest
// computed; because batch k always holds the same ids and each row lands
// at a fixed offset, the finished files are byte-identical to those of an
// uninterrupted run. Resuming a complete out dir with the same identity
// does nothing (Report.AlreadyComplete); resuming an empty one starts
// afresh.
//
// Without Resume or Force, an out dir holding any of these files is
// refused with ErrOutputExists; Force deletes them (and only them) first.
// An flock on the out dir keeps two extracts out of one directory.
//
// # Errors
//
// An encoder error, a write error (ENOSPC included) or a cancelled context
// stops the run: no new batches are fed, batches already written are made
// durable, and the error (wrapping the cause, or ErrInterrupted for a
// cancelled context) says how many ids are saved and to rerun with
// --resume. Nothing that looks complete is left behind.
package pipeline
