package pipeline

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/bertvec/bertvec/vecdir"
)

// Options configures one Extract run. The fields mirror the flags of
// `bertvec extract`; Extract checks them all before touching the out dir.
type Options struct {
	// OutDir is the directory the files go to; it is created if missing.
	OutDir string
	// Kinds to extract; empty means all (static and dynamic).
	Kinds []vecdir.Kind
	// Format selects the files written per kind; the zero value is npy.
	Format Format
	// Batch is the number of ids per Encoder.Dynamic call; it must be > 0.
	// It is part of the resume identity: batch k is always ids
	// [k*Batch, (k+1)*Batch), so a resumed run computes the same batches.
	Batch int
	// Layer is the hidden_states index Dynamic reads (0 = embeddings
	// output, NumLayers = last), already resolved by the caller. Recorded in
	// meta.json and part of the resume identity.
	Layer int
	// Threads is libtorch's intra-op thread count and BLASThreads
	// OpenBLAS's, recorded in meta.json. With the workers they form the
	// thread plan, part of the resume identity when dynamic is extracted:
	// the bytes of a row may depend on how reductions are split.
	Threads, BLASThreads int
	// Precision names the Groups' encoders' number format when it is not
	// fp32 ("bf16"), for meta.json; part of the resume identity and of
	// what merge requires shards to share, like Layer.
	Precision string
	// Groups run the dynamic batches, one per device; all encoders must
	// agree on VocabSize and Hidden. Static is read from Groups[0].Encoder.
	Groups []WorkerGroup
	// Tokens are the vocabulary, Tokens[i] for id i; len must be VocabSize.
	Tokens []string
	// TokenizerFiles are written into OutDir as they are, by name
	// (vecdir.TokenizerConfigFile, vecdir.SpecialTokensFile), so that
	// queries tokenize as the model does; Model.Tokenizer lists them.
	TokenizerFiles map[string][]byte
	// Model describes the checkpoint for meta.json; WeightsSHA256 is part
	// of the resume identity.
	Model ModelInfo
	// Version and LibtorchVersion are recorded in meta.json.
	Version, LibtorchVersion string
	// Resume continues from the state an interrupted run left in OutDir.
	Resume bool
	// Force deletes bertvec's files in OutDir (other files are left alone)
	// and starts over. Resume and Force exclude each other.
	Force bool
	// Progress receives progress: bars when it is a terminal, plain lines
	// otherwise; nil means quiet.
	Progress io.Writer
	// ProgressEvery is the period of plain progress lines; 0 means 5s.
	// A line is also printed at every 10% step.
	ProgressEvery time.Duration
}

// WorkerGroup is a group of workers sharing one Encoder, e.g. one per CUDA
// device, or one CPU encoder with several workers.
type WorkerGroup struct {
	// Name identifies the device in meta.json ("cpu", "cuda:0").
	Name string
	// Encoder runs the forward passes; Dynamic is called concurrently by
	// Workers goroutines.
	Encoder Encoder
	// Workers is the number of concurrent batches on this device; 0 means 1.
	Workers int
}

// ModelInfo summarises the checkpoint for meta.json.
type ModelInfo struct {
	// Tokenizer is meta.json's tokenizer entry (nil: none recorded).
	Tokenizer *vecdir.TokenizerMeta
	// Dir is the model directory's name (not its full path).
	Dir string
	// WeightsSHA256 is the hex sha256 of the weight file.
	WeightsSHA256 string
	// ConfigSHA256 is a hash of config.json's forward-relevant fields and
	// the special token ids; with the weights it is the model's resume
	// identity.
	ConfigSHA256 string
	// Config summary, from config.json.
	HiddenSize, NumLayers, NumHeads, VocabSize int
	// HubID, Revision and Commit record a model taken from the Hugging
	// Face Hub: the id and revision asked for, the commit resolved.
	HubID, Revision, Commit string
}

func (d WorkerGroup) workers() int {
	if d.Workers <= 0 {
		return 1
	}
	return d.Workers
}

// plan is Options after checking: the shape and kinds are settled.
type plan struct {
	Options
	kinds      []vecdir.Kind
	rows, cols int
	// context configures the context kinds (ExtractAll); nil without.
	context *ContextOptions
	// shard marks each kind's entry as this range of ids (ExtractShard).
	shard *vecdir.ShardMeta
}

func (p *plan) has(k vecdir.Kind) bool {
	for _, x := range p.kinds {
		if x == k {
			return true
		}
	}
	return false
}

func (p *plan) workers() int {
	n := 0
	for _, d := range p.Groups {
		n += d.workers()
	}
	return n
}

func (p *plan) deviceNames() []string {
	names := make([]string, len(p.Groups))
	for i, d := range p.Groups {
		names[i] = d.Name
	}
	return names
}

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidOptions, fmt.Sprintf(format, a...))
}

// check validates o and returns the plan it describes.
func (o Options) check() (*plan, error) {
	p := &plan{Options: o}
	if o.OutDir == "" {
		return nil, invalid("no out dir")
	}
	if o.Resume && o.Force {
		return nil, invalid("resume and force exclude each other")
	}
	if o.Batch <= 0 {
		return nil, invalid("batch must be > 0, got %d", o.Batch)
	}
	if o.Format != FormatNPY && o.Format != FormatWord2Vec {
		return nil, fmt.Errorf("%w %v", ErrUnknownFormat, o.Format)
	}
	for i, k := range o.Kinds {
		if k != vecdir.Static && k != vecdir.Dynamic {
			return nil, fmt.Errorf("%w %v (extract makes static and dynamic)", vecdir.ErrKind, k)
		}
		if slices.Contains(o.Kinds[:i], k) {
			return nil, invalid("kind %s given twice", k)
		}
	}
	p.kinds = slices.Clone(o.Kinds)
	vecdir.SortKinds(p.kinds)
	if len(p.kinds) == 0 {
		p.kinds = vecdir.DefaultKinds
	}
	if err := p.checkGroups(); err != nil {
		return nil, err
	}
	if len(o.Tokens) != p.rows {
		return nil, invalid("%d tokens for a vocab of %d ids", len(o.Tokens), p.rows)
	}
	if err := checkTokens(o.Tokens, o.Format == FormatWord2Vec); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *plan) checkGroups() error {
	if len(p.Groups) == 0 {
		return invalid("no devices")
	}
	for i, d := range p.Groups {
		if d.Encoder == nil {
			return invalid("device %d (%s) has no encoder", i, d.Name)
		}
		v, h := d.Encoder.VocabSize(), d.Encoder.Hidden()
		if v <= 0 || h <= 0 {
			return invalid("device %s: encoder shape (%d, %d)", d.Name, v, h)
		}
		if i == 0 {
			p.rows, p.cols = v, h
		} else if v != p.rows || h != p.cols {
			return invalid("device %s: encoder shape (%d, %d) differs from %s's (%d, %d)",
				d.Name, v, h, p.Groups[0].Name, p.rows, p.cols)
		}
	}
	return nil
}

// checkTokens rejects tokens that would break vocab.txt (one per line) or,
// for word2vec, gensim's white-space separated records.
func checkTokens(tokens []string, word2vec bool) error {
	for id, t := range tokens {
		if strings.ContainsAny(t, "\n\r") {
			return fmt.Errorf("%w: id %d %q holds a line break", ErrBadToken, id, t)
		}
		if !word2vec {
			continue
		}
		if t == "" {
			return fmt.Errorf("%w: id %d is empty (word2vec needs a word)", ErrBadToken, id)
		}
		if strings.IndexFunc(t, unicode.IsSpace) >= 0 {
			return fmt.Errorf("%w: id %d %q holds white space (word2vec splits on it)", ErrBadToken, id, t)
		}
	}
	return nil
}
