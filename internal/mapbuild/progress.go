package mapbuild

import (
	"io"

	"github.com/bertvec/bertvec/internal/progress"
)

// iterationProgress shows t-SNE's iterations through internal/progress: a
// bar on a terminal, a line per 10% elsewhere (a log, CI).
func iterationProgress(w io.Writer) func(done, total int) {
	var m progress.Meter
	return func(done, total int) {
		if m == nil {
			m = progress.New(w, progress.Options{Label: "t-SNE", Unit: "iterations", Total: int64(total)})
		}
		m.Set(int64(done))
		if done >= total {
			m.Finish(true)
		}
	}
}
