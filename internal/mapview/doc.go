// Package mapview turns a 2-D layout of tokens into a map: a single
// self-contained HTML page (canvas, zoom, pan, hover, search with
// nearest-neighbour highlight) and a static PNG with labels in a
// Japanese-capable font.
//
// # Conventions
//
// Input is a row-major []float32 matrix (n×d), its layout (n×2 []float64)
// and one label per row; New adds each point's norm and its nearest
// neighbours in the original space (Euclidean, as the search package's
// exact kNN), so the page can highlight what is near in meaning, not only
// what happens to be near on the picture. The package knows nothing of
// vocabularies or .npy files.
//
// The page works offline and from file://: its style, script (assets/,
// embedded with go:embed, plain JavaScript, no library) and data are
// inline. The data is JSON in a <script type="application/json"> element;
// encoding/json escapes <, > and & in it, so no token can end that element
// (a token "</script>" stays text). The page exposes window.bertvecMap
// (drawn, labelsDrawn, highlighted, search, select, fit, toScreen) for
// tests and the console.
//
// The PNG is drawn in pure Go with golang.org/x/image/font/opentype from a
// system font, the first of FontCandidates that exists (Debian's
// fonts-noto-cjk first); without one, WritePNG fails with ErrNoFont naming
// the package. Labels, in the page and the picture, are placed greedily in
// point order where they overlap no earlier label, so a crowded map shows
// fewer labels instead of an unreadable heap.
//
// Files are written with WriteFile: a temporary file beside the target,
// synced and renamed, so a map appears complete or not at all.
package mapview
