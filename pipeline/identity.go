package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/bertvec/bertvec/internal/filehash"
	"github.com/bertvec/bertvec/vecdir"
)

// stateVersion changes whenever the state files change meaning.
const stateVersion = 2

// maxStateSize bounds the bytes read from a state file.
const maxStateSize = 4 << 20

// identity is what a resumed run must share with the run it continues,
// because it decides the bytes of the output.
type identity struct {
	WeightsSHA256 string `json:"weights_sha256"`
	// ConfigSHA256 covers config.json's forward-relevant fields and the
	// special ids (ModelInfo.ConfigSHA256).
	ConfigSHA256 string   `json:"config_sha256"`
	Kinds        []string `json:"kinds"`
	Rows         int      `json:"rows"`
	Cols         int      `json:"cols"`
	Format       string   `json:"format"`
	// Shard is the range of ids of an id shard (ExtractShard): two shards
	// may have the same shape and hold different ids.
	Shard *vecdir.ShardMeta `json:"shard,omitempty"`
	// Dynamic only (zero when it is not extracted): the layer, the batch
	// size and the thread plan of one forward. The plan is part of the
	// identity because libtorch's and BLAS's reductions may split work by
	// thread count, so the bytes of a row may depend on it; a resume with
	// another plan is refused rather than mixing two runs' rounding. The
	// worker count is not: each batch is one forward on one worker, and
	// which worker runs it does not change its bytes.
	Layer       int    `json:"layer"`
	Batch       int    `json:"batch"`
	Threads     int    `json:"threads"`
	BLASThreads int    `json:"blas_threads"`
	Precision   string `json:"precision,omitempty"`
}

func (id identity) kinds() []vecdir.Kind {
	var ks []vecdir.Kind
	for _, n := range id.Kinds {
		if k, err := vecdir.ParseKind(n); err == nil {
			ks = append(ks, k)
		}
	}
	return ks
}

func (p *plan) identity() identity {
	id := identity{
		WeightsSHA256: p.Model.WeightsSHA256,
		ConfigSHA256:  p.Model.ConfigSHA256,
		Kinds:         vecdir.Names(p.kinds),
		Rows:          p.rows,
		Cols:          p.cols,
		Format:        p.Format.String(),
		Shard:         p.shard,
	}
	if p.has(vecdir.Dynamic) {
		id.Layer, id.Batch = p.Layer, p.Batch
		id.Threads, id.BLASThreads = p.Threads, p.BLASThreads
		id.Precision = p.Precision
	}
	return id
}

// diffModel says how the model, shape or format differ, or returns "".
func (saved identity) diffModel(now identity) string {
	switch {
	case saved.WeightsSHA256 != now.WeightsSHA256:
		return fmt.Sprintf("model weights differ (sha256 %s, now %s)", filehash.Short(saved.WeightsSHA256), filehash.Short(now.WeightsSHA256))
	case saved.ConfigSHA256 != now.ConfigSHA256:
		return fmt.Sprintf("model config or special ids differ (sha256 %s, now %s)", filehash.Short(saved.ConfigSHA256), filehash.Short(now.ConfigSHA256))
	case saved.Rows != now.Rows || saved.Cols != now.Cols:
		return fmt.Sprintf("shape differs (%dx%d, now %dx%d)", saved.Rows, saved.Cols, now.Rows, now.Cols)
	case saved.Format != now.Format:
		return fmt.Sprintf("format differs (%s, now %s)", saved.Format, now.Format)
	case (saved.Shard == nil) != (now.Shard == nil) || saved.Shard != nil && *saved.Shard != *now.Shard:
		return fmt.Sprintf("ids differ (%s, now %s)", idRange(saved.Shard), idRange(now.Shard))
	}
	return ""
}

func idRange(s *vecdir.ShardMeta) string {
	if s == nil {
		return "every id"
	}
	return fmt.Sprintf("shard %d/%d, ids %d..%d", s.Index, s.Count, s.FirstID, s.FirstID+s.Rows-1)
}

// diffDynamic says how the dynamic settings differ, or returns "".
func (saved identity) diffDynamic(now identity) string {
	switch {
	case saved.Layer != now.Layer:
		return fmt.Sprintf("layer differs (%d, now %d)", saved.Layer, now.Layer)
	case saved.Batch != now.Batch:
		return fmt.Sprintf("batch differs (%d, now %d)", saved.Batch, now.Batch)
	case saved.Precision != now.Precision:
		return fmt.Sprintf("precision differs (%s, now %s)", precisionName(saved.Precision), precisionName(now.Precision))
	case saved.Threads != now.Threads || saved.BLASThreads != now.BLASThreads:
		return fmt.Sprintf("thread plan differs (%d threads, %d BLAS threads per worker; now %d, %d)",
			saved.Threads, saved.BLASThreads, now.Threads, now.BLASThreads)
	}
	return ""
}

// diff says how now differs from the saved identity, or returns nil.
func (saved identity) diff(now identity) error {
	what := saved.diffModel(now)
	if what == "" && strings.Join(saved.Kinds, ",") != strings.Join(now.Kinds, ",") {
		what = fmt.Sprintf("kinds differ (%s, now %s)", strings.Join(saved.Kinds, ","), strings.Join(now.Kinds, ","))
	}
	if what == "" && slices.Contains(now.Kinds, vecdir.Dynamic.String()) {
		what = saved.diffDynamic(now)
	}
	if what == "" {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrResumeMismatch, what)
}

// state is StateFile: the identity of an unfinished run and the meta.json
// entries of the kinds it has finished.
type state struct {
	Version  int                         `json:"version"`
	Identity identity                    `json:"identity"`
	Finished map[string]*vecdir.KindMeta `json:"finished,omitempty"`
}

// parseState decodes StateFile's contents.
func parseState(data []byte) (*state, error) {
	var s state
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, corrupt("%s: %v", StateFile, err)
	}
	if s.Version != stateVersion {
		return nil, corrupt("%s version %d, this bertvec reads %d", StateFile, s.Version, stateVersion)
	}
	if s.Finished == nil {
		s.Finished = map[string]*vecdir.KindMeta{}
	}
	return &s, nil
}

// loadState reads a state file; a missing one wraps os.ErrNotExist.
func loadState(path string) (*state, error) {
	data, err := vecdir.ReadRegular(path, maxStateSize)
	if err != nil {
		return nil, err
	}
	return parseState(data)
}

// metaIdentity recovers the identity of a finished out dir.
func metaIdentity(m *vecdir.Meta) identity {
	id := identity{WeightsSHA256: m.Model.WeightsSHA256, ConfigSHA256: m.Model.ConfigSHA256, Format: m.Format}
	id.Kinds = vecdir.Names(m.KindList())
	for name, km := range m.Kinds {
		id.Rows, id.Cols = km.Shape[0], km.Shape[1]
		if km.Shard != nil {
			id.Shard = km.Shard
		}
		if name == vecdir.Dynamic.String() {
			id.Batch, id.Threads, id.BLASThreads, id.Precision = km.Batch, km.Threads, km.BLASThreads, km.Precision
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
			ConfigSHA256:  p.Model.ConfigSHA256,
			HiddenSize:    p.Model.HiddenSize,
			NumLayers:     p.Model.NumLayers,
			NumHeads:      p.Model.NumHeads,
			VocabSize:     p.Model.VocabSize,
			HubID:         p.Model.HubID,
			Revision:      p.Model.Revision,
			Commit:        p.Model.Commit,
		},
		Vocab:     vecdir.VocabFile,
		Format:    p.Format.String(),
		Kinds:     finished,
		Tokenizer: p.Model.Tokenizer,
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
		Shard:       p.shard,
	}
	if run.wall > 0 {
		km.IDsPerSecond = float64(run.computed) / run.wall.Seconds()
	}
	switch k {
	case vecdir.Static:
		km.Devices = []string{p.Groups[0].Name}
		km.Batch, km.Workers = p.rows, 1
	case vecdir.Dynamic:
		layer := p.Layer
		km.Layer = &layer
		km.Devices = p.deviceNames()
		km.Batch, km.Workers, km.BLASThreads = p.Batch, p.workers(), p.BLASThreads
		km.Precision = p.Precision
	}
	if p.Format == FormatWord2Vec {
		km.Word2Vec = &vecdir.W2VFiles{Text: k.Word2VecText(), Binary: k.Word2VecBinary()}
	}
	return km
}

func writeVocab(w io.Writer, tokens []string) error {
	for _, t := range tokens {
		if _, err := io.WriteString(w, t+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// precisionName spells an identity's precision ("" is fp32).
func precisionName(p string) string {
	if p == "" {
		return "fp32"
	}
	return p
}
