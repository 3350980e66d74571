package pipeline

import (
	"github.com/bertvec/bertvec/internal/progress"
	"github.com/bertvec/bertvec/vecdir"
)

// progress shows how many ids of kind k are done, start of them by
// earlier runs. The writer goroutine is its only caller.
func (p *plan) progress(k vecdir.Kind, start int) progress.Meter {
	return progress.New(p.Progress, progress.Options{
		Label: k.String(), Unit: "ids", Total: int64(p.rows), Start: int64(start), Every: p.ProgressEvery,
	})
}
