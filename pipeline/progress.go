package pipeline

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how many ids of a kind are done. The writer goroutine is
// its only caller.
type progress interface {
	add(n int)
	// finish ends the display; complete says whether all ids are done.
	finish(complete bool)
}

// newProgress picks a bar for a terminal, plain lines for anything else
// (a log file, CI), and nothing for a nil writer.
func newProgress(w io.Writer, every time.Duration, kind string, total, start int) progress {
	if w == nil {
		return nopProgress{}
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return newBar(f, kind, total, start)
	}
	if every <= 0 {
		every = 5 * time.Second
	}
	return &lineProgress{w: w, kind: kind, total: total, done: start, start: start,
		began: time.Now(), last: time.Now(), every: every, step: start * 10 / total}
}

type nopProgress struct{}

func (nopProgress) add(int)     {}
func (nopProgress) finish(bool) {}

type barProgress struct{ bar *progressbar.ProgressBar }

func newBar(w io.Writer, kind string, total, start int) *barProgress {
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(kind),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("ids"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
	bar.Set(start)
	return &barProgress{bar}
}

func (b *barProgress) add(n int) { b.bar.Add(n) }

func (b *barProgress) finish(complete bool) {
	if complete {
		b.bar.Finish()
		return
	}
	b.bar.Exit()
}

// lineProgress prints "dynamic: 12800/32000 ids (40%), 300 ids/s, ETA 1m4s"
// every period and at each 10% step.
type lineProgress struct {
	w                  io.Writer
	kind               string
	total, done, start int
	began, last        time.Time
	every              time.Duration
	step               int // last 10% step printed
}

func (l *lineProgress) add(n int) {
	l.done += n
	now := time.Now()
	step := l.done * 10 / l.total
	if step == l.step && now.Sub(l.last) < l.every || l.done >= l.total {
		return // the final line comes from finish
	}
	l.step, l.last = step, now
	rate := l.rate(now)
	eta := "?"
	if rate > 0 {
		eta = time.Duration(float64(l.total-l.done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	fmt.Fprintf(l.w, "%s: %d/%d ids (%d%%), %.0f ids/s, ETA %s\n",
		l.kind, l.done, l.total, l.done*100/l.total, rate, eta)
}

func (l *lineProgress) rate(now time.Time) float64 {
	sec := now.Sub(l.began).Seconds()
	if sec <= 0 {
		return 0
	}
	return float64(l.done-l.start) / sec
}

func (l *lineProgress) finish(complete bool) {
	if !complete {
		return // the error says where it stopped
	}
	now := time.Now()
	fmt.Fprintf(l.w, "%s: %d/%d ids (%d%%), %.0f ids/s, done in %s\n",
		l.kind, l.done, l.total, l.done*100/l.total, l.rate(now), now.Sub(l.began).Round(time.Millisecond))
}
