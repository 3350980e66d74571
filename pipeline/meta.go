package pipeline

import (
	"github.com/bertvec/bertvec/vecdir"
)

func writeMeta(dir string, m *vecdir.Meta) error {
	return writeAtomic(dir, vecdir.MetaFile, m.Encode)
}

// identity recovers the resume identity of a finished out dir.
func metaIdentity(m *vecdir.Meta) identity {
	id := identity{WeightsSHA256: m.Model.WeightsSHA256, Format: m.Format}
	id.Kinds = vecdir.Names(m.KindList())
	for name, km := range m.Kinds {
		id.Rows, id.Cols = km.Shape[0], km.Shape[1]
		if name == vecdir.Dynamic.String() {
			id.Batch = km.Batch
			if km.Layer != nil {
				id.Layer = *km.Layer
			}
		}
	}
	return id
}

func (p *plan) meta(finished map[string]*vecdir.KindMeta) *vecdir.Meta {
	return &vecdir.Meta{
		BertvecVersion:  p.Version,
		LibtorchVersion: p.LibtorchVersion,
		Model: vecdir.ModelMeta{
			Dir:           p.Model.Dir,
			WeightsSHA256: p.Model.WeightsSHA256,
			HiddenSize:    p.Model.HiddenSize,
			NumLayers:     p.Model.NumLayers,
			NumHeads:      p.Model.NumHeads,
			VocabSize:     p.Model.VocabSize,
		},
		Vocab:  vecdir.VocabFile,
		Format: p.Format.String(),
		Kinds:  finished,
	}
}

// kindMeta builds a kind's entry from how this run produced it.
func (p *plan) kindMeta(k vecdir.Kind, sha string, run kindRun) *vecdir.KindMeta {
	km := &vecdir.KindMeta{
		File:        k.File(),
		Shape:       [2]int{p.rows, p.cols},
		Dtype:       "<f4",
		SHA256:      sha,
		Context:     k.Describe(),
		Threads:     p.Threads,
		WallSeconds: run.wall.Seconds(),
		ResumedIDs:  run.resumed,
	}
	if run.wall > 0 {
		km.IDsPerSecond = float64(run.computed) / run.wall.Seconds()
	}
	switch k {
	case vecdir.Static:
		km.Devices = []string{p.Devices[0].Name}
		km.Batch, km.Workers = p.rows, 1
	case vecdir.Dynamic:
		layer := p.Layer
		km.Layer = &layer
		km.Devices = p.deviceNames()
		km.Batch, km.Workers = p.Batch, p.workers()
	}
	if p.Format == FormatWord2Vec {
		km.Word2Vec = &vecdir.W2VFiles{Text: k.Word2VecText(), Binary: k.Word2VecBinary()}
	}
	return km
}
