package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bertvec/bertvec/vecdir"
)

// stateVersion changes whenever the state files change meaning.
const stateVersion = 1

// identity is what a resumed run must share with the run it continues,
// because it decides the bytes of the output.
type identity struct {
	WeightsSHA256 string   `json:"weights_sha256"`
	Kinds         []string `json:"kinds"`
	Rows          int      `json:"rows"`
	Cols          int      `json:"cols"`
	Format        string   `json:"format"`
	// Layer and Batch matter only to dynamic; zero when it is not extracted.
	Layer int `json:"layer"`
	Batch int `json:"batch"`
}

func (p *plan) identity() identity {
	id := identity{
		WeightsSHA256: p.Model.WeightsSHA256,
		Kinds:         vecdir.Names(p.kinds),
		Rows:          p.rows,
		Cols:          p.cols,
		Format:        p.Format.String(),
	}
	if p.has(vecdir.Dynamic) {
		id.Layer, id.Batch = p.Layer, p.Batch
	}
	return id
}

// diff says how now differs from the saved identity, or returns nil.
func (saved identity) diff(now identity) error {
	var what string
	switch {
	case saved.WeightsSHA256 != now.WeightsSHA256:
		what = fmt.Sprintf("model weights differ (sha256 %s, now %s)", short(saved.WeightsSHA256), short(now.WeightsSHA256))
	case strings.Join(saved.Kinds, ",") != strings.Join(now.Kinds, ","):
		what = fmt.Sprintf("kinds differ (%s, now %s)", strings.Join(saved.Kinds, ","), strings.Join(now.Kinds, ","))
	case saved.Rows != now.Rows || saved.Cols != now.Cols:
		what = fmt.Sprintf("shape differs (%dx%d, now %dx%d)", saved.Rows, saved.Cols, now.Rows, now.Cols)
	case saved.Layer != now.Layer:
		what = fmt.Sprintf("layer differs (%d, now %d)", saved.Layer, now.Layer)
	case saved.Batch != now.Batch:
		what = fmt.Sprintf("batch differs (%d, now %d)", saved.Batch, now.Batch)
	case saved.Format != now.Format:
		what = fmt.Sprintf("format differs (%s, now %s)", saved.Format, now.Format)
	default:
		return nil
	}
	return fmt.Errorf("%w: %s; rerun with the original settings, or use --force to start over", ErrResumeMismatch, what)
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12] + "…"
	}
	if sha == "" {
		return `""`
	}
	return sha
}

// state is StateFile: the identity of an unfinished run and the meta.json
// entries of the kinds it has finished.
type state struct {
	Version  int                         `json:"version"`
	Identity identity                    `json:"identity"`
	Finished map[string]*vecdir.KindMeta `json:"finished,omitempty"`
}

func (s *state) save(dir string) error {
	return writeAtomic(dir, StateFile, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	})
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
	return &s, nil
}

func loadState(path string) (*state, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, corrupt("%v", err)
	}
	return parseState(data)
}
