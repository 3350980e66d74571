// Package chromiumtest starts Debian's headless Chromium for bertvec's
// browser tests (the map page and serve's page), with one set of flags:
// root in a container has no user-namespace sandbox, and this machine's
// closed network refuses Chromium's background connections, so those are
// turned off. A test that finds no Chromium fails, naming the package to
// install; it never skips.
package chromiumtest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// paths are where Debian's chromium package puts the browser.
var paths = []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"}

// Find returns the Chromium executable, or fails the test.
func Find(t testing.TB) string {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatalf("no Chromium at %s: install it with `apt-get install chromium`", strings.Join(paths, " or "))
	return ""
}

// Allocator returns a chromedp allocator context for one headless
// Chromium with a width×height window and a fresh profile, shut down when
// the test ends, and the executable it runs. The browser starts with the
// first tab (chromedp.NewContext, then a first chromedp.Run or Do).
func Allocator(t testing.TB, width, height int) (context.Context, string) {
	t.Helper()
	exe := Find(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	ctx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	return ctx, exe
}
