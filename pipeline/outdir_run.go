package pipeline

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/bertvec/bertvec/vecdir"
)

// begin decides from what is in the out dir whether to start afresh,
// continue the saved state, add kinds to a complete directory, or stop.
// It returns the state to run with (saved, so that a crash from here on is
// resumable), or a report when a resumed directory is already complete.
// Finished files it keeps are verified against their recorded sha256.
func (d *outDir) begin(p *plan) (*state, *Report, error) {
	now := p.identity()
	switch {
	case p.Force:
		if err := d.clear(); err != nil {
			return nil, nil, err
		}
	case len(d.present) == 0:
	case d.st != nil:
		if !p.Resume {
			return nil, nil, d.existsError()
		}
		if err := d.st.Identity.diff(now); err != nil {
			return nil, nil, err
		}
		if err := d.keepFinished(d.st, now); err != nil {
			return nil, nil, err
		}
		return d.st, nil, nil
	case d.meta != nil:
		return d.beginOnComplete(p, now)
	case !p.Resume:
		return nil, nil, d.existsError()
	default:
		return nil, nil, corrupt("%s holds %s but no %s", d.path, strings.Join(d.present, ", "), StateFile)
	}
	st := &state{Version: stateVersion, Identity: now, Finished: map[string]*vecdir.KindMeta{}}
	if err := d.saveState(st); err != nil {
		return nil, nil, err
	}
	return st, nil, nil
}

// beginOnComplete handles a finished directory: with the same identity
// and Resume there is nothing to do; with new kinds for the same model it
// adds them and keeps the others; anything else is refused.
func (d *outDir) beginOnComplete(p *plan, now identity) (*state, *Report, error) {
	saved := metaIdentity(d.meta)
	have := d.meta.KindList()
	adds := false
	for _, k := range p.kinds {
		adds = adds || !slices.Contains(have, k)
	}
	if !adds {
		if !p.Resume {
			return nil, nil, d.existsError()
		}
		if err := saved.diff(now); err != nil {
			return nil, nil, err
		}
		for _, k := range have {
			if err := vecdir.VerifyKind(d.path, d.meta.Kind(k)); err != nil {
				return nil, nil, fmt.Errorf("%w: %w", ErrCorruptState, err)
			}
		}
		return nil, &Report{OutDir: d.path, Meta: d.meta, AlreadyComplete: true}, nil
	}
	what := saved.diffModel(now)
	if what == "" && slices.Contains(have, vecdir.Dynamic) && p.has(vecdir.Dynamic) {
		what = saved.diffDynamic(now)
	}
	if what != "" {
		return nil, nil, fmt.Errorf("%w: %s holds another run's vectors: %s", ErrResumeMismatch, d.path, what)
	}
	// Add: the state names only the kinds this run makes; the kinds kept
	// ride along in Finished into the new meta.json.
	st := &state{Version: stateVersion, Identity: now, Finished: maps.Clone(d.meta.Kinds)}
	for _, k := range p.kinds {
		delete(st.Finished, k.String())
	}
	if err := d.keepFinished(st, now); err != nil {
		return nil, nil, err
	}
	if err := d.saveState(st); err != nil {
		return nil, nil, err
	}
	return st, nil, nil
}

// keepFinished checks each finished kind's files against the state: a
// kind whose files are gone is made again; one whose .npy no longer has
// its sha256 is made again when this run makes it, and refused otherwise.
func (d *outDir) keepFinished(st *state, now identity) error {
	for name, km := range st.Finished {
		k, err := vecdir.ParseKind(name)
		if err != nil || km == nil {
			return corrupt("%s lists %q", StateFile, name)
		}
		ok := d.has(km.File)
		if km.Word2Vec != nil {
			ok = ok && d.has(km.Word2Vec.Text) && d.has(km.Word2Vec.Binary)
		}
		if ok {
			err = vecdir.VerifyKind(d.path, km)
			if err == nil {
				continue
			}
			if !slices.Contains(now.Kinds, name) {
				return fmt.Errorf("%w: %w", ErrCorruptState, err)
			}
		}
		delete(st.Finished, name)
		for _, f := range kindFiles(k) {
			if err := removeIfExists(d.join(f)); err != nil {
				return err
			}
			d.present = slices.DeleteFunc(d.present, func(n string) bool { return n == f })
		}
	}
	return nil
}

// saveState writes the state file atomically.
func (d *outDir) saveState(st *state) error {
	return d.writeFile(StateFile, func(w io.Writer) error {
		enc := newJSONEncoder(w)
		return enc.Encode(st)
	})
}

// finish writes vocab.txt, the tokenizer files, and then meta.json, the
// mark of a complete directory, and removes the state file.
func (d *outDir) finish(tokens []string, tokenizer map[string][]byte, m *vecdir.Meta) error {
	if err := d.writeFile(vecdir.VocabFile, func(w io.Writer) error { return writeVocab(w, tokens) }); err != nil {
		return err
	}
	for _, name := range []string{vecdir.TokenizerConfigFile, vecdir.SpecialTokensFile} {
		if b, ok := tokenizer[name]; ok {
			if err := d.writeFile(name, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
				return err
			}
		}
	}
	if err := d.writeFile(vecdir.MetaFile, m.Encode); err != nil {
		return err
	}
	if err := removeIfExists(d.join(StateFile)); err != nil {
		return err
	}
	d.meta, d.st = m, nil
	return nil
}

// hashKind returns the sha256 of a finished kind's .npy.
func (d *outDir) hashKind(k vecdir.Kind) (string, error) {
	return vecdir.FileSHA256(d.join(k.File()))
}
