package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bertvec/bertvec/vecdir"
)

// Report is the outcome of a successful Extract.
type Report struct {
	// OutDir is where the files are.
	OutDir string
	// Meta is what meta.json now says.
	Meta *vecdir.Meta
	// Resumed is true when the run continued an interrupted one.
	Resumed bool
	// AlreadyComplete is true when Resume found a finished out dir with
	// the same identity; nothing was written.
	AlreadyComplete bool
}

// Extract writes the vectors of every id for each kind into o.OutDir: the
// .npy files (plus word2vec files for FormatWord2Vec), vocab.txt and,
// last, meta.json. See the package doc for the resume protocol.
//
// Cancelling ctx stops the run; the returned error wraps ErrInterrupted
// and the out dir holds a state that o.Resume continues.
func Extract(ctx context.Context, o Options) (*Report, error) {
	p, err := o.check()
	if err != nil {
		return nil, err
	}
	d, err := openOutDir(p.OutDir)
	if err != nil {
		return nil, err
	}
	unlock, err := lockDir(d.path)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := d.scan(); err != nil {
		return nil, err
	}
	resumed := p.Resume && d.has(StateFile)
	st, rep, err := prepare(p, d)
	if err != nil || rep != nil {
		return rep, err
	}
	for _, k := range p.kinds {
		if st.Finished[k.String()] != nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%w (%w) before %s; finished kinds are saved in %s, rerun with --resume to continue",
				ErrInterrupted, context.Cause(ctx), k, d.path)
		}
		km, err := runKind(ctx, p, d, k)
		if err != nil {
			return nil, err
		}
		st.Finished[k.String()] = km
		if err := st.save(d.path); err != nil {
			return nil, err
		}
	}
	if err := writeAtomic(d.path, vecdir.VocabFile, func(w io.Writer) error { return writeVocab(w, p.Tokens) }); err != nil {
		return nil, err
	}
	meta := p.meta(st.Finished)
	if err := writeMeta(d.path, meta); err != nil {
		return nil, err
	}
	if err := removeIfExists(d.join(StateFile)); err != nil {
		return nil, err
	}
	return &Report{OutDir: d.path, Meta: meta, Resumed: resumed}, nil
}

// prepare decides from what is in the out dir whether to start afresh,
// continue a saved state, or stop. It returns the state to run with, or a
// report when a resumed out dir is already complete.
func prepare(p *plan, d *outDir) (*state, *Report, error) {
	now := p.identity()
	switch {
	case p.Force:
		if err := d.clear(); err != nil {
			return nil, nil, err
		}
	case len(d.present) == 0:
	case !p.Resume:
		return nil, nil, d.existsError()
	case d.has(StateFile):
		st, err := loadState(d.join(StateFile))
		if err != nil {
			return nil, nil, err
		}
		if err := st.Identity.diff(now); err != nil {
			return nil, nil, err
		}
		dropMissing(st, d)
		return st, nil, nil
	case d.has(vecdir.MetaFile):
		m, err := vecdir.ReadMeta(d.path)
		if err != nil {
			return nil, nil, corrupt("%v", err)
		}
		if err := metaIdentity(m).diff(now); err != nil {
			return nil, nil, err
		}
		return nil, &Report{OutDir: d.path, Meta: m, AlreadyComplete: true}, nil
	default:
		return nil, nil, corrupt("%s holds %s but no %s", d.path, strings.Join(d.present, ", "), StateFile)
	}
	st := &state{Version: stateVersion, Identity: now, Finished: map[string]*vecdir.KindMeta{}}
	if err := st.save(d.path); err != nil {
		return nil, nil, err
	}
	return st, nil, nil
}

// dropMissing forgets finished kinds whose files have gone, so that they
// are made again.
func dropMissing(st *state, d *outDir) {
	if st.Finished == nil {
		st.Finished = map[string]*vecdir.KindMeta{}
	}
	for name, km := range st.Finished {
		ok := d.has(km.File)
		if km.Word2Vec != nil {
			ok = ok && d.has(km.Word2Vec.Text) && d.has(km.Word2Vec.Binary)
		}
		if !ok {
			delete(st.Finished, name)
		}
	}
}

// runKind makes one kind's files and returns its meta.json entry. A .npy
// already in place (renamed just before a crash) is not made again.
func runKind(ctx context.Context, p *plan, d *outDir, k vecdir.Kind) (*vecdir.KindMeta, error) {
	var run kindRun
	if d.has(k.File()) {
		if err := removeIfExists(d.join(doneFile(k))); err != nil {
			return nil, err
		}
		run.resumed = p.rows
	} else {
		var err error
		if k == vecdir.Static {
			run, err = runStatic(p, d)
		} else {
			run, err = runDynamic(ctx, p, d)
		}
		if err != nil {
			return nil, err
		}
		d.present = append(d.present, k.File())
	}
	if p.Format == FormatWord2Vec {
		if err := writeWord2Vec(d, k, p.Tokens); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
	}
	sum, err := fileSHA256(d.join(k.File()))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", k, err)
	}
	return p.kindMeta(k, sum, run), nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func writeVocab(w io.Writer, tokens []string) error {
	for _, t := range tokens {
		if _, err := io.WriteString(w, t+"\n"); err != nil {
			return err
		}
	}
	return nil
}
