package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/model"
	"github.com/bertvec/bertvec/pipeline"
	"github.com/bertvec/bertvec/tokenize"
	"github.com/bertvec/bertvec/vecdir"
)

// contextFlags are extract's flags for the context kinds.
type contextFlags struct {
	corpus, layers, shard string
	batchTokens, commit   int
}

func (c *contextFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&c.corpus, "corpus", "", "context: UTF-8 text, one sentence or paragraph a line (.gz, or - for stdin)")
	fs.StringVar(&c.layers, "layers", "", "context: several hidden states in one pass, e.g. 0,4,8,12 (writes context_L<n>.npy each)")
	fs.StringVar(&c.shard, "shard", "", "i/n: part i of n for bertvec merge (context: the lines ≡ i mod n, as float64 sums; static, dynamic: "+
		"a range of whole batches of ids); auto/n reads i from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
	fs.IntVar(&c.batchTokens, "batch-tokens", contextvec.DefaultBatchTokens, "context: padded tokens per forward pass")
	fs.IntVar(&c.commit, "commit-windows", contextvec.DefaultCommitWindows, "context: windows between checkpoints")
}

// contextPlan is what the context flags decided before the model loads.
type contextPlan struct {
	layers   []int // nil: --layer (resolved once the model is known)
	perLayer bool
	shard    contextvec.Shard
	// idShard: no context kind; shard the static/dynamic ids instead.
	idShard bool
}

// checkContextFlags resolves the context kinds in opts.Kinds against
// --layers and checks the context flags; it returns nil when no context
// kind is asked for.
func checkContextFlags(opts *pipeline.Options, c contextFlags) (*contextPlan, error) {
	var plain []vecdir.Kind
	var layers []int
	wantContext := false
	for _, k := range opts.Kinds {
		switch l, ok := k.Layer(); {
		case ok:
			layers = append(layers, l)
		case k == vecdir.Context:
			wantContext = true
		default:
			plain = append(plain, k)
		}
	}
	if !wantContext && layers == nil {
		for name, set := range map[string]bool{"corpus": c.corpus != "", "layers": c.layers != ""} {
			if set {
				return nil, usagef("--%s is for --kinds context", name)
			}
		}
		if c.shard == "" {
			return nil, nil
		}
		s, err := contextvec.ParseShard(c.shard)
		if err != nil {
			return nil, usagef("--shard: %v", err)
		}
		return &contextPlan{idShard: true, shard: s}, nil // static/dynamic by id ranges
	}
	if c.corpus == "" {
		return nil, usagef("--kinds context needs --corpus FILE (.gz, or - for stdin)")
	}
	if c.batchTokens < 1 || c.commit < 1 {
		return nil, usagef("--batch-tokens and --commit-windows must be at least 1")
	}
	p := &contextPlan{}
	var err error
	if p.shard, err = contextvec.ParseShard(c.shard); err != nil {
		return nil, usagef("--shard: %v", err)
	}
	if !p.shard.Whole() && len(plain) > 0 {
		return nil, usagef("--shard splits the corpus for context and the ids for %s: shard them in separate runs", strings.Join(vecdir.Names(plain), ","))
	}
	if c.layers != "" {
		for _, s := range strings.Split(c.layers, ",") {
			l, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || l < 0 || l > vecdir.MaxLayer {
				return nil, usagef("--layers %q: want layer numbers such as 0,4,8,12", c.layers)
			}
			layers = append(layers, l)
		}
	}
	slices.Sort(layers)
	layers = slices.Compact(layers)
	if len(layers) > 0 {
		p.layers, p.perLayer = layers, true
	}
	opts.Kinds = plain
	if p.perLayer {
		for _, l := range layers {
			opts.Kinds = append(opts.Kinds, vecdir.ContextLayer(l))
		}
	} else {
		opts.Kinds = append(opts.Kinds, vecdir.Context)
	}
	return p, nil
}

// contextOptions completes the plan once the model is loaded.
func contextOptions(p *contextPlan, c contextFlags, enc *model.Encoder, workers int, stderr io.Writer) (*pipeline.ContextOptions, func(), error) {
	ck := enc.Checkpoint()
	cfg := ck.Config
	layers := p.layers
	if !p.perLayer {
		layers = []int{enc.Layer()}
	}
	for _, l := range layers {
		if l > cfg.NumHiddenLayers {
			return nil, nil, usagef("--layers: layer %d, but the model has layers 0 to %d", l, cfg.NumHiddenLayers)
		}
	}
	tok, err := tokenize.Load(ck.Dir)
	if err != nil {
		return nil, nil, err
	}
	sp := ck.Vocab.Specials()
	o := &pipeline.ContextOptions{Corpus: c.corpus, Stdin: stdin, Layers: layers, PerLayer: p.perLayer,
		Encoder: enc, Tokenizer: tokenIDs{tok}, Window: cfg.MaxPositionEmbeddings - 2, CLS: int32(sp.CLS), SEP: int32(sp.SEP),
		Shard: p.shard, BatchTokens: c.batchTokens, CommitWindows: c.commit, Workers: workers}
	if w := progressTo(stderr); w != nil {
		start, last := time.Now(), time.Time{}
		o.Progress = func(pos contextvec.Position) {
			if time.Since(last) < 2*time.Second {
				return
			}
			last = time.Now()
			fmt.Fprintf(w, "context: %d lines, %d windows, %d tokens, %.0f tokens/s\n",
				pos.Lines, pos.Windows, pos.Tokens, float64(pos.Tokens)/time.Since(start).Seconds())
		}
	}
	return o, func() { tok.Close() }, nil
}

// tokenIDs adapts the tokenizer to contextvec.Tokenizer.
type tokenIDs struct{ t *tokenize.Tokenizer }

func (a tokenIDs) IDs(text string) ([]int32, error) {
	toks, err := a.t.Tokenize(text)
	if err != nil {
		return nil, err
	}
	ids := make([]int32, len(toks))
	for i, t := range toks {
		ids[i] = t.ID
	}
	return ids, nil
}

// extractAll runs every kind, the context ones included.
func extractAll(ctx context.Context, opts pipeline.Options, p *contextPlan, c contextFlags, encs []*model.Encoder, stderr io.Writer) (*pipeline.Report, error) {
	if p == nil {
		return pipeline.Extract(ctx, opts)
	}
	if p.idShard {
		return pipeline.ExtractShard(ctx, opts, p.shard)
	}
	co, closeTok, err := contextOptions(p, c, encs[0], opts.Groups[0].Workers, stderr)
	if err != nil {
		return nil, err
	}
	defer closeTok()
	return pipeline.ExtractAll(ctx, opts, co)
}
