// Package serve is `bertvec serve`: a page for word arithmetic and a JSON
// API over one vectors directory, on one local HTTP server.
//
// # API
//
// Every endpoint under /api/ takes GET with query parameters or POST with
// a JSON object of the same names, and answers JSON with the schema of the
// CLI's --json (the types live in package search: QueryAnswer,
// NeighborAnswer, NormAnswer). An expression (q) is one answer; a batch
// (queries, or q repeated) is an array in which each failed query carries
// its "error", as `bertvec analogy --queries` prints it. Any other failure
// is a status with {"error": "one line"}: 400 for bad input (the message
// is the CLI's), 403 for a foreign Host on a loopback server, 404, 405,
// 503 when no slot frees up in time. Unknown parameters are an error, not
// ignored, so a typo cannot silently change an answer. assets/openapi.json
// (served at /api/openapi.json) describes it all.
//
// # Speed
//
// Each kind is opened once (search.Open memory-maps it) and shared by
// every request. New builds, in the background, each kind's map and then
// its int8 search index (search.Store.Prepare); queries are answered
// exactly before either is ready, only slower. Single analogy queries go
// through a coalescer: a loop per core takes the first waiting query and
// whatever else is already waiting, up to 16, and answers them with one
// search.AnalogyBatch pass, whose int8 kernel answers four queries per
// call for the price of one. When queries arrive less than 2 ms apart, a
// loop holding fewer than four waits up to 2 ms for more; a lone user's
// query never waits and takes Analogy's own path. Answers are identical
// either way (the largest k is run and cut; queries group by metric and
// exclusions), which a test checks.
//
// # Limits
//
// Limits bounds the body, an expression's bytes and words, k and the
// batch size, each a 400 that names the limit. Single queries and batches
// draw from separate pools of slots, so a huge batch cannot take the slots
// single queries need; a batch is answered in chunks and stops when its
// client leaves. The http.Server has read, write and idle timeouts. Only
// a fixed table of embedded files is served besides the API: there is no
// directory to list and no path to traverse. CORS headers are sent only
// for Config.CORS. With Config.LoopbackOnly, a request whose Host is not
// a loopback name is refused, which defeats DNS rebinding.
//
// # Map
//
// The page's map is the map command's engine (internal/tsne's PCA) on
// every row: fitted on an even sample of at most 2,000 finite rows, then
// every id projected, so every result can be highlighted and every query
// vector placed exactly by the same linear projection (/api/project).
// t-SNE is not used: it cannot place a new point (the query) without
// refitting, and 32,000 points take minutes.
//
// # Shutdown
//
// Serve stops accepting when its context ends, lets requests in flight
// finish within a grace period and returns nil; past the deadline it closes
// the rest and returns ErrShutdown.
//
// # Model
//
// With Config.Model (cmd/bertvec wires the tokenize and model packages,
// keeping this package pure Go), /api/tokenize splits text as the
// checkpoint's tokenizer does and /api/dynamic computes the dynamic vector
// of any word, one the vocabulary lacks included.
package serve
