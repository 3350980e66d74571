// Package mapbuild is the engine of `bertvec map`: it picks the tokens to
// show from a vectors directory, gathers their rows, lays them out with
// t-SNE or PCA (internal/tsne) and writes the page and picture
// (internal/mapview).
//
// # Conventions
//
// A Selection names the tokens in one of three ways (the first N ids, a
// comma-separated word list, a file of ids); ids keep the order given and
// repeats are dropped. ParseIDList reads the id file format: ids separated
// by whitespace or commas, "#" starting a comment, every id inside the
// vocabulary.
//
// Errors are the command's: they name the flag a bad value came from, so
// the CLI can print them as they are. A request that cannot be met for
// this vocabulary (too many or unknown tokens, fewer than 2 tokens, a
// perplexity not below the token count, --exact beyond tsne.MaxExactPoints)
// matches ErrRequest, which the CLI reports as a usage error; everything
// else (unreadable files, a bad id file, NaN rows) is an ordinary error.
//
// Build checks that the outputs can be written and that a PNG will have a
// font before it loads anything, so a mistake costs no t-SNE run.
//
// Progress (neighbour search, t-SNE iterations) goes to Options.Progress
// when it is set: a bar on a terminal, a line per 10% elsewhere.
package mapbuild
