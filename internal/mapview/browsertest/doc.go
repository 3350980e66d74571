// Package browsertest opens a map.html written by mapview in a real
// headless Chromium (Debian's chromium package) and checks what a user
// would see: the page loads without console errors, every point is drawn,
// searching highlights the token and its neighbours, hovering shows a
// token's details, and wheel and drag move the view.
//
// The tests sit behind the build tag "browser", so plain `go test ./...`
// does not need a browser:
//
//	apt-get install -y chromium fonts-noto-cjk
//	go test -tags browser ./internal/mapview/browsertest/
//
// Without Chromium they fail, naming the package to install. Pass
// -args -screenshot=DIR to keep a screenshot of the page in DIR.
package browsertest
