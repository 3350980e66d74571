package mapbuild

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// iterationProgress shows t-SNE's iterations: a bar on a terminal, a line
// per 10% elsewhere (a log, CI).
func iterationProgress(w io.Writer) func(done, total int) {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		return func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(w),
					progressbar.OptionSetDescription("t-SNE"),
					progressbar.OptionShowCount(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionSetWidth(30),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
				)
			}
			bar.Set(done)
		}
	}
	began := time.Now()
	return func(done, total int) {
		if done*10/total != (done-1)*10/total {
			fmt.Fprintf(w, "t-SNE: %d/%d iterations (%s)\n", done, total, time.Since(began).Round(time.Millisecond))
		}
	}
}
