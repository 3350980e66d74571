// Package progress is the one progress display of bertvec: extract's ids,
// map's t-SNE iterations and hub's downloaded bytes all count through a
// Meter.
//
// New picks the display from the writer: a bar (github.com/schollz/
// progressbar) when it is a terminal, plain lines for anything else (a log
// file, CI), and nothing for a nil writer, so that --quiet is a nil
// writer. Plain lines are printed at every 10% step and at least every
// Options.Every, and end with one "done in" line when the count completes:
//
//	dynamic: 12800/32000 ids (40%), 300 ids/s, ETA 1m4s
//	dynamic: 32000/32000 ids (100%), 301 ids/s, done in 1m46s
//
// Func adapts a Meter to the (done, total) callbacks that model loading
// and the t-SNE loop report through, so that neither writes its own.
//
// A Meter is not safe for concurrent use: give it one owner (extract's
// writer goroutine, the t-SNE loop, the download copy).
package progress
