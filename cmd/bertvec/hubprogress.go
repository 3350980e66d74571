package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/internal/progress"
)

// hubProgress shows Hub downloads through internal/progress: a bar per
// file (bytes, bytes/s, ETA) on a terminal, lines at each 10% otherwise,
// nothing for a nil writer. It is the one presentation of hub.Event, for
// pull and every --model.
func hubProgress(w io.Writer) func(hub.Event) {
	if w == nil {
		return nil
	}
	return (&hubMeter{w: w, bars: progress.IsTerminal(w)}).event
}

type hubMeter struct {
	w    io.Writer
	bars bool
	m    progress.Meter
}

func (h *hubMeter) event(e hub.Event) {
	switch e.Kind {
	case hub.EventCached:
		fmt.Fprintf(h.w, "%s: already cached (%s)\n", e.File, progress.Bytes(e.Size))
	case hub.EventWaiting:
		fmt.Fprintf(h.w, "%s: another process is downloading it; waiting\n", e.File)
	case hub.EventStart:
		if !h.bars { // a log gets a line saying what starts; a bar says it itself
			if e.Done > 0 {
				fmt.Fprintf(h.w, "%s: resuming at %s of %s\n", e.File, progress.Bytes(e.Done), progress.Bytes(e.Size))
			} else {
				fmt.Fprintf(h.w, "%s: downloading %s\n", e.File, progress.Bytes(e.Size))
			}
		}
		h.m = progress.New(h.w, progress.Options{Label: e.File, Unit: "bytes", Total: e.Size, Start: e.Done})
	case hub.EventProgress:
		if h.m != nil {
			h.m.Set(e.Done)
		}
	case hub.EventRetry:
		nl := "" // a bar's line is unfinished; a log's is not
		if h.bars {
			nl = "\n"
		}
		// The hub's error already starts with the file's name.
		msg := strings.TrimPrefix(e.Err.Error(), e.File+": ")
		fmt.Fprintf(h.w, "%s%s: %s; retrying in %v (try %d)\n", nl, e.File, msg, e.Wait, e.Attempt+1)
	case hub.EventDone:
		if h.m != nil {
			h.m.Finish(true)
			h.m = nil
		}
	}
}
