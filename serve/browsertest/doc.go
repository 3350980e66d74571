// Package browsertest opens the page `bertvec serve` serves in a real
// headless Chromium (Debian's chromium package) and checks what a user
// would see: an expression typed as an input method types it gives the
// CLI's table, the map highlights the query's words and results, the kind
// can be switched, a shared URL reproduces a side-by-side query, and the
// console stays free of errors.
//
// The tests sit behind the build tag "browser", as the map's do:
//
//	apt-get install -y chromium fonts-noto-cjk
//	go test -tags browser ./serve/browsertest/
//
// Without Chromium they fail, naming the package to install.
package browsertest
