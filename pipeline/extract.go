package pipeline

import (
	"context"
	"fmt"
	"maps"

	"github.com/bertvec/bertvec/contextvec"
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
	return extract(ctx, p)
}

// extract makes p's kinds in its out dir one after another, saving the
// state after each, then writes vocab.txt and meta.json. Extract and
// ExtractAll both run it; p.context configures the context kinds.
func extract(ctx context.Context, p *plan) (*Report, error) {
	d, err := openOutDir(p.OutDir)
	if err != nil {
		return nil, err
	}
	defer d.close()
	resumed := p.Resume && d.st != nil
	st, rep, err := d.begin(p)
	if err != nil {
		return nil, err
	}
	if rep != nil {
		if err := p.checkKeptContext(d.path, rep.Meta.Kinds); err != nil {
			return nil, err
		}
		return rep, nil
	}
	if err := p.checkKeptContext(d.path, st.Finished); err != nil {
		return nil, err
	}
	if p.context != nil && !resumed { // a fresh start: any checkpoint here is stale
		if err := (&contextvec.Checkpoints{Dir: d.path}).Remove(); err != nil {
			return nil, err
		}
	}
	for _, k := range p.kinds {
		if st.Finished[k.String()] != nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, resumable(fmt.Errorf("%w (%w) before %s; finished kinds are saved in %s",
				ErrInterrupted, context.Cause(ctx), k, d.path))
		}
		metas, err := makeKind(ctx, p, d, k, resumed)
		if err != nil {
			return nil, err
		}
		maps.Copy(st.Finished, metas)
		if err := d.saveState(st); err != nil {
			return nil, err
		}
	}
	meta := p.meta(st.Finished)
	if err := d.finish(p.Tokens, p.TokenizerFiles, meta); err != nil {
		return nil, err
	}
	return &Report{OutDir: d.path, Meta: meta, Resumed: resumed}, nil
}

// makeKind makes kind k and returns the meta.json entries it finished:
// k's, or for a context kind every context kind, since one pass over the
// corpus pools them all.
func makeKind(ctx context.Context, p *plan, d *outDir, k vecdir.Kind, resumed bool) (map[string]*vecdir.KindMeta, error) {
	if k.IsContext() {
		return runContext(ctx, p, d, resumed)
	}
	km, err := runKind(ctx, p, d, k)
	if err != nil {
		return nil, err
	}
	return map[string]*vecdir.KindMeta{k.String(): km}, nil
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
	sum, err := d.hashKind(k)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", k, err)
	}
	return p.kindMeta(k, sum, run), nil
}
