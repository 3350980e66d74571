// Package corpus streams a text corpus line by line for context
// extraction, without ever holding it: a file, a gzip file (recognised by
// its magic bytes, whatever its name) or standard input.
//
// A corpus is UTF-8 text. Reader refuses, with an error naming the line,
// anything else: a line that is not valid UTF-8, a NUL byte (a binary file
// that happens to be valid UTF-8), a line longer than MaxLine. A directory
// or another non-regular path (a named pipe, never waited on; a device, a
// socket) is refused when opened; "-" reads standard input, which may be a
// pipe.
//
// While reading, Reader hashes the bytes as stored (the compressed bytes
// of a .gz) into the corpus's SHA-256, which identifies the corpus in
// meta.json and across shards; and the text itself, so that a resumed run
// can check (Prefix) that the lines it skips are the lines the interrupted
// run consumed. Digest computes the first alone, without decoding, for a
// resumed run that must check a finished pass's corpus. Line numbers count every line, blank ones included, from
// 0: sharding takes the lines whose number ≡ i (mod n).
package corpus
