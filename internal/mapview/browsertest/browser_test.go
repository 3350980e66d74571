//go:build browser

package browsertest

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/internal/chromiumtest"
	"github.com/bertvec/bertvec/internal/mapview"
	"github.com/bertvec/bertvec/internal/tsne"
)

var screenshotDir = flag.String("screenshot", "", "directory to save page screenshots in")

// fixture writes a map of 12 Gaussian clusters (600 points, t-SNE) with
// Japanese tokens and tokens that try to break out of the page's script.
func fixture(t *testing.T) (path string, m *mapview.Map) {
	t.Helper()
	const clusters, per, d = 12, 50, 32
	rng := rand.New(rand.NewPCG(7, 7))
	words := []string{"王", "女王", "男", "女", "東京", "大阪", "京都", "日本", "猫", "犬", "走る", "##的"}
	var x []float32
	var labels []string
	for c := range clusters {
		centre := make([]float64, d)
		for j := range centre {
			centre[j] = rng.NormFloat64() * 4
		}
		for i := range per {
			for j := range d {
				x = append(x, float32(centre[j]+rng.NormFloat64()))
			}
			labels = append(labels, fmt.Sprintf("%s%d", words[c], i))
		}
	}
	n := clusters * per
	labels[0] = "王"
	labels[n-1] = "</script><script>alert(1)</script>"
	labels[n-2] = `"&<b>x</b>`
	res, err := tsne.Embed(x, n, d, tsne.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m, err = mapview.New(x, n, d, res.Y, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Title = "browser test"
	m.Caption = "t-SNE of 12 clusters · 東京 大阪"
	path = filepath.Join(t.TempDir(), "map.html")
	if err := atomicfile.Write(path, m.WriteHTML); err != nil {
		t.Fatal(err)
	}
	return path, m
}

// browser starts headless Chromium and collects console messages.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

func startBrowser(t *testing.T) *browser {
	actx, exe := chromiumtest.Allocator(t, 1200, 900)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	b := &browser{ctx: ctx}
	messages := chromedp.Console(ctx) // subscribe before loading anything
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.messages = append(b.messages, m)
			b.mu.Unlock()
		}
	}()
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", exe, err)
	}
	return b
}

// checkConsole fails on any error or uncaught exception so far.
func (b *browser) checkConsole(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.messages {
		t.Logf("console %s: %s", m.Type, m.Text)
		if m.Type == chromedp.ConsoleError || m.IsException() {
			t.Errorf("console %s: %s", m.Type, m.Text)
		}
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

// typeInto focuses the element with the given id and types text as an
// input method does (Japanese is not typed key by key).
func (b *browser) typeInto(t *testing.T, id, text string) {
	t.Helper()
	eval[bool](t, b, fmt.Sprintf("(document.getElementById(%q).focus(), document.activeElement.id === %q)", id, id))
	err := chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
	if err != nil {
		t.Fatalf("type %q: %v", text, err)
	}
}

func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	dir := *screenshotDir
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestMapPageInChromium(t *testing.T) {
	path, m := fixture(t)
	b := startBrowser(t)
	if err := chromedp.Do(b.ctx, chromedp.Navigate("file://"+path)); err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool]("window.bertvecMap && window.bertvecMap.ready",
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("page never drew its map: %v", err)
	}
	n := len(m.Points)

	// Every point drawn, labels placed, nasty tokens intact.
	if got := eval[int](t, b, "window.bertvecMap.drawn"); got != n {
		t.Errorf("drew %d points, want %d", got, n)
	}
	// Each of the 12 far-apart clusters has room for at least one label.
	if got := eval[int](t, b, "window.bertvecMap.labelsDrawn"); got < 12 {
		t.Errorf("only %d labels drawn", got)
	}
	if got := eval[string](t, b, "JSON.parse(document.getElementById('map-data').textContent).label.at(-1)"); got != m.Points[n-1].Label {
		t.Errorf("last label in the page is %q, want %q", got, m.Points[n-1].Label)
	}
	if got := eval[int](t, b, "document.scripts.length"); got != 2 {
		t.Errorf("page has %d script elements, want 2: a token broke out of the data block", got)
	}
	b.screenshot(t, "map-initial.png")

	// Typing a token highlights it and its original-space neighbours.
	b.typeInto(t, "search", "王")
	want := []int{0}
	for _, j := range m.Points[0].Neighbors {
		want = append(want, int(j))
	}
	if got := eval[[]int](t, b, "window.bertvecMap.highlighted"); !slices.Equal(got, want) {
		t.Errorf("highlighted %v after typing 王, want %v", got, want)
	}
	if got := eval[int](t, b, "document.querySelectorAll('#neighbours li').length"); got != len(m.Points[0].Neighbors) {
		t.Errorf("panel lists %d neighbours, want %d", got, len(m.Points[0].Neighbors))
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool]("window.bertvecMap.frames > 1")); err != nil {
		t.Fatal(err)
	}
	b.screenshot(t, "map-search.png")

	// An unknown token, submitted, says so.
	eval[bool](t, b, "(document.getElementById('search').value = '', true)")
	b.typeInto(t, "search", "存在しない")
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, b, "document.getElementById('status').textContent"); !strings.Contains(got, "not on this map") {
		t.Errorf("status after an unknown token: %q", got)
	}

	// The fit button brings every point back into view.
	fit := eval[[]float64](t, b, "(() => { const r = document.getElementById('fit').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()")
	if err := chromedp.Do(b.ctx, chromedp.MouseClickXY(fit[0], fit[1])); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](fmt.Sprintf("window.bertvecMap.drawn === %d", n),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("after fit, not every point is drawn: %v", err)
	}

	// Hover shows token, id and norm.
	i := n / 3
	pos := eval[[]float64](t, b, fmt.Sprintf(
		"(() => { const r = document.getElementById('map').getBoundingClientRect(); const [x, y] = window.bertvecMap.toScreen(%d); return [x + r.left, y + r.top]; })()", i))
	if err := chromedp.Do(b.ctx, chromedp.MouseEvent(chromedp.MouseMoved, pos[0], pos[1])); err != nil {
		t.Fatal(err)
	}
	tip := eval[string](t, b, "document.getElementById('tip').hidden ? '' : document.getElementById('tip').textContent")
	p := m.Points[i]
	for _, want := range []string{p.Label, fmt.Sprintf("id %d", p.ID), fmt.Sprintf("norm %.3f", p.Norm)} {
		if !strings.Contains(tip, want) {
			t.Errorf("hover tooltip %q lacks %q", tip, want)
		}
	}
	b.screenshot(t, "map-hover.png")

	// Wheel zooms in around the cursor; drag pans.
	scale := eval[float64](t, b, "window.bertvecMap.view.scale")
	if err := chromedp.Do(b.ctx, chromedp.MouseEvent(chromedp.MouseWheel, pos[0], pos[1],
		func(p *input.DispatchMouseEventParams) {
			// Chromium wants deltaX present, and cdproto omits a zero.
			p.DeltaX, p.DeltaY = 1e-9, -400
		})); err != nil {
		t.Fatal(err)
	}
	if got := eval[float64](t, b, "window.bertvecMap.view.scale"); !(got > scale*1.5) {
		t.Errorf("wheel: scale %g → %g, want zoomed in", scale, got)
	}
	cx := eval[float64](t, b, "window.bertvecMap.view.cx")
	if err := chromedp.Do(b.ctx,
		chromedp.MouseEvent(chromedp.MousePressed, 600, 500, chromedp.ButtonType(input.MouseButtonLeft)),
		chromedp.MouseEvent(chromedp.MouseMoved, 500, 500, chromedp.ButtonType(input.MouseButtonLeft)),
		chromedp.MouseEvent(chromedp.MouseMoved, 400, 500, chromedp.ButtonType(input.MouseButtonLeft)),
		chromedp.MouseEvent(chromedp.MouseReleased, 400, 500, chromedp.ButtonType(input.MouseButtonLeft))); err != nil {
		t.Fatal(err)
	}
	if got := eval[float64](t, b, "window.bertvecMap.view.cx"); !(got > cx) {
		t.Errorf("dragging left moved the centre from %g to %g, want it to grow", cx, got)
	}
	b.screenshot(t, "map-zoomed.png")
	b.checkConsole(t)
}
