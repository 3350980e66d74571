package pipeline

import (
	"fmt"
	"time"

	"github.com/bertvec/bertvec/vecdir"
)

// staticChunk bounds the byte buffer used to write static rows.
const staticChunk = 1 << 20 // float32 values

// runStatic copies the input embedding matrix into static.npy through a
// partial file, fsync and rename; it is fast, so it is never resumed
// halfway but redone.
func runStatic(p *plan, d *outDir) (kindRun, error) {
	began := time.Now()
	prog := p.progress(vecdir.Static, 0)
	data := make([]float32, p.rows*p.cols)
	if err := p.Groups[0].Encoder.Static(data); err != nil {
		prog.Finish(false)
		return kindRun{}, fmt.Errorf("static: read embeddings on %s: %w", p.Groups[0].Name, err)
	}
	part, err := createPartial(d.join(partialFile(vecdir.Static)), p.rows, p.cols)
	if err != nil {
		prog.Finish(false)
		return kindRun{}, fmt.Errorf("static: %w", err)
	}
	step := max(staticChunk/p.cols, 1) * p.cols
	for off := 0; off < len(data); off += step {
		chunk := data[off:min(off+step, len(data))]
		if err := part.writeRows(off/p.cols, chunk); err != nil {
			part.abandon()
			prog.Finish(false)
			return kindRun{}, fmt.Errorf("static: %w", err)
		}
		prog.Add(int64(len(chunk) / p.cols))
	}
	if err := part.finish(d.join(vecdir.Static.File())); err != nil {
		part.abandon()
		prog.Finish(false)
		return kindRun{}, fmt.Errorf("static: %w", err)
	}
	prog.Finish(true)
	return kindRun{computed: p.rows, wall: time.Since(began)}, nil
}
