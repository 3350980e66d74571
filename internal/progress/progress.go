package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Options describes what is counted.
type Options struct {
	// Label leads every line: "dynamic", "t-SNE", a file name.
	Label string
	// Unit names what is counted: "ids", "iterations"; "bytes" prints
	// sizes (kB, MB, GB).
	Unit string
	// Total is the count at completion; Start what was done before (a
	// resumed run), not counted in the rate.
	Total, Start int64
	// Every is the longest gap between plain lines; 0 means 5s.
	Every time.Duration
	// NoSteps leaves out the plain lines at each 10% step, for counts
	// that are usually over in a moment (loading a model's tensors): a
	// log gets a line every Every and the final one.
	NoSteps bool
}

// Meter counts toward Options.Total.
type Meter interface {
	// Add counts n more; Set sets the count.
	Add(n int64)
	Set(n int64)
	// Finish ends the display; complete says whether the count is done
	// (an unfinished count leaves the last line as it was: the caller's
	// error says where it stopped).
	Finish(complete bool)
}

// IsTerminal reports whether w is a terminal, where a bar can redraw.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// New returns a bar for a terminal, plain lines for any other writer and
// a Meter that shows nothing for a nil one.
func New(w io.Writer, o Options) Meter {
	switch {
	case w == nil || o.Total <= 0:
		return nop{}
	case IsTerminal(w):
		return newBar(w, o)
	}
	if o.Every <= 0 {
		o.Every = 5 * time.Second
	}
	now := time.Now()
	return &lines{w: w, o: o, done: o.Start, began: now, last: now, step: o.Start * 10 / o.Total}
}

type nop struct{}

func (nop) Add(int64)   {}
func (nop) Set(int64)   {}
func (nop) Finish(bool) {}

type bar struct{ b *progressbar.ProgressBar }

func newBar(w io.Writer, o Options) *bar {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(o.Label),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	}
	if o.Unit == "bytes" {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionShowIts(), progressbar.OptionSetItsString(o.Unit))
	}
	b := progressbar.NewOptions64(o.Total, opts...)
	b.Set64(o.Start)
	return &bar{b}
}

func (b *bar) Add(n int64) { b.b.Add64(n) }
func (b *bar) Set(n int64) { b.b.Set64(n) }

func (b *bar) Finish(complete bool) {
	if complete {
		b.b.Finish()
		return
	}
	b.b.Exit()
}

// lines prints a line at every 10% step and every o.Every.
type lines struct {
	w           io.Writer
	o           Options
	done        int64
	began, last time.Time
	step        int64 // last 10% step printed
}

func (l *lines) Add(n int64) { l.Set(l.done + n) }

func (l *lines) Set(n int64) {
	l.done = n
	now := time.Now()
	step := l.done * 10 / l.o.Total
	if l.o.NoSteps {
		step = l.step
	}
	if step == l.step && now.Sub(l.last) < l.o.Every || l.done >= l.o.Total {
		return // the final line comes from Finish
	}
	l.step, l.last = step, now
	rate := l.rate(now)
	eta := "?"
	if rate > 0 {
		eta = time.Duration(float64(l.o.Total-l.done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	l.print(rate, "ETA "+eta)
}

func (l *lines) rate(now time.Time) float64 {
	sec := now.Sub(l.began).Seconds()
	if sec <= 0 {
		return 0
	}
	return float64(l.done-l.o.Start) / sec
}

func (l *lines) Finish(complete bool) {
	if !complete {
		return
	}
	now := time.Now()
	l.done = l.o.Total
	l.print(l.rate(now), "done in "+now.Sub(l.began).Round(time.Millisecond).String())
}

func (l *lines) print(rate float64, tail string) {
	pct := l.done * 100 / l.o.Total
	if l.o.Unit == "bytes" {
		fmt.Fprintf(l.w, "%s: %s/%s (%d%%), %s/s, %s\n", l.o.Label, Bytes(l.done), Bytes(l.o.Total), pct, Bytes(int64(rate)), tail)
		return
	}
	fmt.Fprintf(l.w, "%s: %d/%d %s (%d%%), %.0f %s/s, %s\n", l.o.Label, l.done, l.o.Total, l.o.Unit, pct, rate, l.o.Unit, tail)
}

// Bytes formats a size in decimal units: 999 B, 1.5 kB, 440.5 MB.
func Bytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTP"[exp])
}

// Func adapts a Meter to the (done, total) callbacks that model loading
// and the t-SNE loop report through: the Meter is made at the first call,
// when the total is known (it replaces o.Total), and finished when done
// reaches total. A nil writer gives a nil callback: nothing to report to.
func Func(w io.Writer, o Options) func(done, total int) {
	if w == nil {
		return nil
	}
	var m Meter
	return func(done, total int) {
		if m == nil {
			o.Total = int64(total)
			m = New(w, o)
		}
		m.Set(int64(done))
		if done >= total {
			m.Finish(true)
		}
	}
}
