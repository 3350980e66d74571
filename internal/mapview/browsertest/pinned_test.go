//go:build browser

package browsertest

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/internal/mapview"
)

// Pinned points (map --words) are labelled even where labels overlap:
// ten points on one spot, four of them pinned, show at least four labels;
// unpinned, only one fits.
func TestPinnedLabelsInChromium(t *testing.T) {
	b := startBrowser(t)
	for _, pinned := range []int{0, 4} {
		const n = 10
		x := make([]float32, n*2)
		xy := make([]float64, n*2)
		labels := make([]string, n)
		for i := range n {
			x[2*i], x[2*i+1] = float32(i), 1
			xy[2*i], xy[2*i+1] = 0.5+1e-6*float64(i), 0.5 // one spot
			labels[i] = fmt.Sprint("語", i)
		}
		xy[0], xy[1] = 0, 0 // two far corners give the view its extent
		xy[2*(n-1)], xy[2*(n-1)+1] = 1, 1
		m, err := mapview.New(x, n, 2, xy, labels, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= pinned; i++ {
			m.Points[i].Pinned = true
		}
		path := filepath.Join(t.TempDir(), "map.html")
		if err := atomicfile.Write(path, m.WriteHTML); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(b.ctx, chromedp.Navigate("file://"+path)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool]("window.bertvecMap && window.bertvecMap.ready",
			chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("page never drew its map: %v", err)
		}
		// The two corner labels, plus one on the crowded spot or all pinned.
		got := eval[int](t, b, "window.bertvecMap.labelsDrawn")
		if want := 2 + max(1, pinned); got < want || (pinned == 0 && got > 3) {
			t.Errorf("%d pinned: %d labels drawn, want %d", pinned, got, want)
		}
	}
	b.checkConsole(t)
}
