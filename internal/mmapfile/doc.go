// Package mmapfile gives the readers of large files (internal/npy,
// model/safetensors) their bytes without parsing them.
//
// A shared memory map has one danger: if another process truncates the
// file while it is mapped, touching a page past the new end raises SIGBUS
// and the process dies (`analogy` did, when dynamic.npy was cut under it).
// Map therefore returns a consistent view: a private copy read into memory
// for files up to MaxPrivate bytes (every vectors file of a BERT vocabulary
// is far below it; a search touches every row anyway, so the copy costs
// what the map would), and a shared read-only map only beyond that, where
// copying could exhaust memory. Shared always maps: the safetensors loader
// uses it because it releases each tensor's pages (madvise) as soon as they
// are in libtorch, which keeps a load's peak near the checkpoint size; a
// weights file must not be truncated during the seconds a load takes.
//
// Where mmap is not available the file is read into memory instead. In
// every case the returned release function frees the bytes; they must not
// be used after it is called.
package mmapfile
