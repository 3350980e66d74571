// Package npy reads and writes the 2-D float32 matrices bertvec stores as
// NumPy .npy files.
//
// Conventions:
//   - Only what bertvec writes is accepted: dtype '<f4' (little-endian
//     float32), C (row-major) order, a 2-D shape (rows, cols), format
//     version 1.0 or 2.0. Anything else is rejected with an error naming
//     what was found, wrapped around one of the sentinel errors below.
//   - Header writes a header byte-for-byte as NumPy 1.24 does, including the
//     spare room NumPy leaves for the row count to grow and the padding to a
//     multiple of 64 bytes, so files bertvec writes diff clean against
//     np.save's.
//   - Open memory-maps the file read-only: Matrix.Data aliases the mapping
//     and is valid until Close. The host is assumed little-endian (amd64,
//     arm64, riscv64, ...); on a big-endian host Open fails with
//     ErrBigEndian rather than return byte-swapped numbers. Write and
//     Encode always produce little-endian bytes.
//   - Write is atomic: the file appears complete or not at all (temporary
//     file in the same directory, fsync, rename: internal/atomicfile). A
//     kill -9 leaves the temporary file under a name that
//     atomicfile.TempTarget recognises, for the directory's owner to remove.
package npy
