package contextvec

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"

	"fmt"
	"github.com/bertvec/bertvec/corpus"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// fakeEncoder stands in for BERT: the state of position p in a window,
// layer l, column c depends on the id there, its neighbours and the
// window's length, so pooling errors (wrong rows, [CLS]/[SEP] pooled,
// padding leaking in) change the sums.
type fakeEncoder struct {
	V, H  int
	calls atomic.Int64
	delay time.Duration
	// cancelAfter cancels after that many calls (0: never).
	cancelAfter int64
	cancel      context.CancelFunc
}

func (f *fakeEncoder) VocabSize() int { return f.V }
func (f *fakeEncoder) Hidden() int    { return f.H }

func fakeValue(w []int32, p, l, c int) float32 {
	prev, next := int32(0), int32(0)
	if p > 0 {
		prev = w[p-1]
	}
	if p+1 < len(w) {
		next = w[p+1]
	}
	x := float64(w[p])*0.37 + float64(prev)*0.011 - float64(next)*0.007 + float64(len(w))*0.013 + float64(l)*1.5 + float64(c)*0.1
	return float32(math.Sin(x))
}

func (f *fakeEncoder) Contexts(ctx context.Context, dst []float32, windows [][]int32, layers []int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if n := f.calls.Add(1); f.cancelAfter > 0 && n >= f.cancelAfter {
		f.cancel()
	}
	time.Sleep(f.delay)
	rows := 0
	for _, w := range windows {
		rows += len(w)
	}
	if len(dst) != len(layers)*rows*f.H {
		return fmt.Errorf("dst %d", len(dst))
	}
	for k, l := range layers {
		r := 0
		for _, w := range windows {
			for p := range w {
				for c := 0; c < f.H; c++ {
					dst[(k*rows+r+p)*f.H+c] = fakeValue(w, p, l, c)
				}
			}
			r += len(w)
		}
	}
	return nil
}

// wordTokenizer reads "w12 w7" as ids 12, 7; "bad" fails.
type wordTokenizer struct{}

func (wordTokenizer) IDs(text string) ([]int32, error) {
	var ids []int32
	for _, f := range strings.Fields(text) {
		n, err := strconv.Atoi(strings.TrimPrefix(f, "w"))
		if err != nil {
			return nil, fmt.Errorf("no token %q", f)
		}
		ids = append(ids, int32(n))
	}
	return ids, nil
}

// synthCorpus returns n lines of words over ids 5..v−1 of varied lengths,
// some longer than a window, and some blank lines.
func synthCorpus(n, v int) string {
	var b strings.Builder
	x := uint32(12345)
	for i := 0; i < n; i++ {
		x = x*1664525 + 1013904223
		words := int(x>>24) % 23
		if i%17 == 5 {
			words = 0
		}
		for j := 0; j < words; j++ {
			x = x*1664525 + 1013904223
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "w%d", 5+int(x>>16)%(v-5))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func openReader(text string) (*corpus.Reader, error) {
	return corpus.Open("-", strings.NewReader(text))
}

// peek returns the committed generation in c.Dir.
func (c *Checkpoints) peek() (int, error) {
	b, err := os.ReadFile(filepath.Join(c.Dir, CheckpointFile))
	if err != nil {
		return 0, err
	}
	var ck checkpoint
	if err := json.Unmarshal(b, &ck); err != nil {
		return 0, err
	}
	return ck.Generation, nil
}
