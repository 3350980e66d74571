//go:build browser

package browsertest

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/bertvec/bertvec/internal/chromiumtest"
	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/serve"
	"github.com/bertvec/bertvec/vecdir"
)

const tinyDir = "../../testdata/tiny-bert-ja"

var screenshotDir = flag.String("screenshot", "", "directory to save page screenshots in")

func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	if *screenshotDir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(*screenshotDir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// vectors is the vectors directory extract writes for the bundled model,
// from the transformers reference rows.
func vectors(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range []string{"vocab.txt", "reference/static.npy", "reference/dynamic.npy"} {
		b, err := os.ReadFile(filepath.Join(tinyDir, f))
		if err != nil {
			t.Fatalf("reference data missing: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// cliTable reads a table `bertvec analogy` printed (testdata/search):
// one [rank token id distance cosine] row of strings per result.
func cliTable(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for line := 0; sc.Scan(); line++ {
		if line >= 2 { // the query line and the header
			rows = append(rows, strings.Fields(sc.Text()))
		}
	}
	return rows
}

// storeTable is the CLI's table for a query, from the library it calls.
func storeTable(t *testing.T, dir string, kind vecdir.Kind, expr string, opt search.Options) [][]string {
	st, err := search.Open(dir, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ans, err := st.Query(expr, opt)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, r := range ans.Results {
		rows = append(rows, []string{fmt.Sprint(r.Rank), r.Token, fmt.Sprint(r.ID), fmt.Sprintf("%.4f", r.Distance), fmt.Sprintf("%.4f", r.Cosine)})
	}
	return rows
}

type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	messages []string
}

func startBrowser(t *testing.T) *browser {
	actx, _ := chromiumtest.Allocator(t, 1400, 1000)
	return newTab(t, actx)
}

// newTab opens a tab (the first one starts the browser) and collects its
// console errors.
func newTab(t *testing.T, parent context.Context) *browser {
	ctx, cancel := chromedp.NewContext(parent)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	b := &browser{ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.mu.Lock()
				b.messages = append(b.messages, fmt.Sprintf("%s: %s", m.Type, m.Text))
				b.mu.Unlock()
			}
		}
	}()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return b
}

func (b *browser) checkConsole(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.messages {
		t.Errorf("console %s", m)
	}
}

func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitRun waits until the page has finished its n-th query.
func (b *browser) waitRun(t *testing.T, n int) {
	t.Helper()
	js := fmt.Sprintf("window.bertvecServe && window.bertvecServe.ready && window.bertvecServe.runs >= %d && window.bertvecServe.panes[0].frames > 0", n)
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("query %d never finished: %v (page error %q)", n, err, eval[string](t, b, "window.bertvecServe ? window.bertvecServe.error : 'no page'"))
	}
}

// table reads pane i's results table.
func table(t *testing.T, b *browser, pane int) [][]string {
	return eval[[][]string](t, b, fmt.Sprintf(
		"[...document.querySelectorAll('#pane-%d tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent))", pane))
}

func sameTable(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: the page's table\n%v\nthe CLI's\n%v", what, got, want)
	}
}

func TestServePageInChromium(t *testing.T) {
	dir := vectors(t)
	s, err := serve.New(serve.Config{Vectors: dir, LoopbackOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer func() { ts.Close(); s.Close() }()
	b := startBrowser(t)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool]("window.bertvecServe && window.bertvecServe.ready && document.getElementById('kind').options.length === 2",
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the page never loaded its kinds: %v", err)
	}

	// Type the expression as an input method does, full-width signs and
	// all, and press Enter: the table is the CLI's.
	eval[bool](t, b, "(document.getElementById('q').focus(), true)")
	if err := chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: "王 － 男 ＋ 女"})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	b.waitRun(t, 1)
	if eval[bool](t, b, "getComputedStyle(document.getElementById('pane-1')).display !== 'none'") {
		t.Error("the second pane shows without compare")
	}
	sameTable(t, "王 － 男 ＋ 女, static", table(t, b, 0), cliTable(t, "../../testdata/search/analogy-static.txt"))

	// The map: the results are highlighted in rank order, the query's
	// words are marked, and the query point is where the API projects it.
	if got := eval[[]int](t, b, "window.bertvecServe.panes[0].highlighted"); fmt.Sprint(got) != "[88 86 120 117 210 275 116 247 271 0]" {
		t.Errorf("highlighted %v", got)
	}
	if got := eval[[]int](t, b, "window.bertvecServe.panes[0].termIDs"); fmt.Sprint(got) != "[86 87 88]" {
		t.Errorf("marked words %v, want 王 男 女 = [86 87 88]", got)
	}
	// A highlighted result is drawn in the highlight colour on the canvas.
	orange := eval[int](t, b, `(() => {
		const p = window.bertvecServe.panes[0], ctx = p.canvas.getContext("2d"), dpr = p.view.dpr;
		let n = 0;
		for (const id of p.highlighted.slice(0, 5)) {
			const [x, y] = window.bertvecServe.toScreen(0, id);
			const [r, g, bl] = ctx.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
			if (Math.abs(r - 242) < 20 && Math.abs(g - 142) < 20 && Math.abs(bl - 43) < 20) n++;
		}
		return n;
	})()`)
	if orange == 0 {
		t.Error("no highlighted result is drawn in the highlight colour")
	}
	b.screenshot(t, "serve-static.png")
	if !eval[bool](t, b, `document.fonts.check("13px 'Noto Sans CJK JP'", "王女")`) {
		t.Error("no Japanese font for the labels: install fonts-noto-cjk")
	}

	// Switch the kind: the table is the dynamic vectors' answer.
	eval[bool](t, b, "(() => { const k = document.getElementById('kind'); k.value = 'dynamic'; k.dispatchEvent(new Event('change')); return true; })()")
	b.waitRun(t, 2)
	sameTable(t, "王 - 男 + 女, dynamic", table(t, b, 0), storeTable(t, dir, vecdir.Dynamic, "王 - 男 + 女", search.Options{K: 10}))
	if h := eval[string](t, b, "location.hash"); !strings.Contains(h, "kind=dynamic") {
		t.Errorf("the URL does not share the kind: %q", h)
	}
	if got := eval[int](t, b, "document.querySelectorAll('#history li').length"); got < 1 {
		t.Error("the query is not in the history")
	}

	b.checkConsole(t)

	// A shared URL, in a new tab: side by side, cosine, k 5, the words
	// left out.
	shared := ts.URL + "/#" + "q=" + "%E6%9D%B1%E4%BA%AC%20-%20%E6%97%A5%E6%9C%AC" + "&kind=dynamic&kind2=static&metric=cosine&k=5&exclude_query=1"
	b = newTab(t, b.ctx)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(shared)); err != nil {
		t.Fatal(err)
	}
	b.waitRun(t, 1)
	if got := eval[string](t, b, "document.getElementById('q').value"); got != "東京 - 日本" {
		t.Errorf("the shared URL filled in %q", got)
	}
	if eval[bool](t, b, "getComputedStyle(document.getElementById('pane-1')).display === 'none'") {
		t.Fatal("the shared URL's side-by-side view is hidden")
	}
	opt := search.Options{K: 5, Metric: search.Cosine, ExcludeQuery: true}
	sameTable(t, "shared URL, dynamic", table(t, b, 0), storeTable(t, dir, vecdir.Dynamic, "東京 - 日本", opt))
	sameTable(t, "shared URL, static", table(t, b, 1), storeTable(t, dir, vecdir.Static, "東京 - 日本", opt))
	b.screenshot(t, "serve-shared.png")

	b.checkConsole(t)

	// An error is shown, not thrown; the browser logs the 400 itself, and
	// nothing else may appear.
	b.mu.Lock()
	b.messages = nil
	b.mu.Unlock()
	eval[bool](t, b, "(window.bertvecServe.run('王 -'), true)")
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool]("window.bertvecServe.error !== ''", chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, b, "document.getElementById('error').textContent"); !strings.Contains(got, "dangling operator") {
		t.Errorf("error shown: %q", got)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.messages {
		if !strings.Contains(m, "status of 400") {
			t.Errorf("console %s", m)
		}
	}
}
