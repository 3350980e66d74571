package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/bertvec/bertvec/hub"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// hubProgress shows Hub downloads: a bar per file (bytes, bytes/s, ETA)
// on a terminal, plain lines otherwise, nothing for a nil writer. It is
// the one presentation of hub.Event, for pull and every --model.
func hubProgress(w io.Writer) func(hub.Event) {
	if w == nil {
		return nil
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return (&hubBars{w: w}).event
	}
	return (&hubLines{w: w}).event
}

type hubBars struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func (b *hubBars) event(e hub.Event) {
	switch e.Kind {
	case hub.EventCached:
		fmt.Fprintf(b.w, "%s: already cached (%s)\n", e.File, byteSize(e.Size))
	case hub.EventWaiting:
		fmt.Fprintf(b.w, "%s: another process is downloading it; waiting\n", e.File)
	case hub.EventStart:
		b.bar = progressbar.NewOptions64(e.Size,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(e.File),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(b.w) }),
		)
		b.bar.Set64(e.Done)
	case hub.EventProgress:
		if b.bar != nil {
			b.bar.Set64(e.Done)
		}
	case hub.EventRetry:
		fmt.Fprintf(b.w, "\n%s: %v; retrying in %v (try %d)\n", e.File, e.Err, e.Wait, e.Attempt+1)
	case hub.EventDone:
		if b.bar != nil {
			b.bar.Finish()
			b.bar = nil
		}
	}
}

// hubLines is for logs: a line when a file starts, is retried and ends.
type hubLines struct {
	w     io.Writer
	start time.Time
	from  int64
}

func (l *hubLines) event(e hub.Event) {
	switch e.Kind {
	case hub.EventCached:
		fmt.Fprintf(l.w, "%s: already cached (%s)\n", e.File, byteSize(e.Size))
	case hub.EventWaiting:
		fmt.Fprintf(l.w, "%s: another process is downloading it; waiting\n", e.File)
	case hub.EventStart:
		l.start, l.from = time.Now(), e.Done
		if e.Done > 0 {
			fmt.Fprintf(l.w, "%s: resuming at %s of %s\n", e.File, byteSize(e.Done), byteSize(e.Size))
		} else {
			fmt.Fprintf(l.w, "%s: downloading %s\n", e.File, byteSize(e.Size))
		}
	case hub.EventRetry:
		fmt.Fprintf(l.w, "%s: %v; retrying in %v (try %d)\n", e.File, e.Err, e.Wait, e.Attempt+1)
	case hub.EventDone:
		secs := time.Since(l.start).Seconds()
		fmt.Fprintf(l.w, "%s: done, %s in %.1f s (%s/s)\n", e.File, byteSize(e.Size), secs, byteSize(int64(float64(e.Size-l.from)/max(secs, 1e-3))))
	}
}

// byteSize is n in B, kB, MB or GB (powers of 1000, as download tools say).
func byteSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
