package genckpt

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/model"
	"github.com/bertvec/bertvec/model/safetensors"
)

// ErrSpec: the spec describes no valid BERT (a size of 0, heads that do not
// divide the hidden size, a non-finite std).
var ErrSpec = errors.New("bad checkpoint spec")

// Spec is the shape of the checkpoint to generate.
type Spec struct {
	Vocab, Hidden, Layers, Heads, Intermediate, Positions int
	Std                                                   float64
	Seed                                                  uint64
}

// BERTBase is bert-base's shape with a 32,000-token vocabulary (the size of
// cl-tohoku's Japanese BERTs), seed 1: what `make bench` and `bertvec
// bench` measure.
func BERTBase() Spec {
	return Spec{Vocab: 32000, Hidden: 768, Layers: 12, Heads: 12, Intermediate: 3072, Positions: 512, Std: 0.02, Seed: 1}
}

// Config returns the config.json for s.
func (s Spec) Config() model.Config {
	c := model.DefaultConfig()
	c.Architectures = []string{"BertModel"}
	c.VocabSize, c.HiddenSize, c.NumHiddenLayers = s.Vocab, s.Hidden, s.Layers
	c.NumAttentionHeads, c.IntermediateSize, c.MaxPositionEmbeddings = s.Heads, s.Intermediate, s.Positions
	c.InitializerRange, c.TorchDType = s.Std, "float32"
	return c
}

// Params counts the weights written (the position_ids buffer excluded).
func (s Spec) Params() int {
	n := 0
	for _, shape := range model.ExpectedShapes(ptr(s.Config())) {
		n += numel(shape)
	}
	return n
}

func ptr[T any](v T) *T { return &v }

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// Generate writes config.json, vocab.txt and model.safetensors into dir.
func Generate(dir string, s Spec) error {
	cfg := s.Config()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrSpec, err)
	}
	if !(s.Std >= 0) || math.IsInf(s.Std, 0) {
		return fmt.Errorf("%w: std %g: want a finite number ≥ 0", ErrSpec, s.Std)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	conf, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, model.ConfigFile), append(conf, '\n')); err != nil {
		return err
	}
	vocab := strings.Join(Tokens(s.Vocab), "\n") + "\n"
	if err := atomicfile.WriteBytes(filepath.Join(dir, model.VocabFile), []byte(vocab)); err != nil {
		return err
	}
	return safetensors.Write(filepath.Join(dir, model.SafetensorsFile), tensors(&cfg, s.Seed), map[string]string{"format": "pt"})
}

// tensors makes every weight. Each tensor draws from its own stream, seeded
// by (seed, index), so the result is the same however the work is spread
// over goroutines.
func tensors(cfg *model.Config, seed uint64) []safetensors.Tensor {
	shapes := model.ExpectedShapes(cfg)
	names := model.ExpectedNames(cfg)
	out := make([]safetensors.Tensor, len(names)+1)
	pos := make([]int64, cfg.MaxPositionEmbeddings)
	for i := range pos {
		pos[i] = int64(i)
	}
	out[0] = safetensors.FromInt64("bert.embeddings.position_ids", []int{1, len(pos)}, pos)
	var wg sync.WaitGroup
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				out[i+1] = tensor(names[i], shapes[names[i]], cfg, rand.New(rand.NewPCG(seed, uint64(i))))
			}
		})
	}
	for i := range names {
		work <- i
	}
	close(work)
	wg.Wait()
	return out
}

// tensor makes one weight as transformers' BertPreTrainedModel._init_weights does.
func tensor(name string, shape []int, cfg *model.Config, r *rand.Rand) safetensors.Tensor {
	t := safetensors.Tensor{Name: "bert." + name, DType: safetensors.F32, Shape: shape, Data: make([]byte, 4*numel(shape))}
	switch {
	case strings.HasSuffix(name, "LayerNorm.weight"):
		for i := 0; i < len(t.Data); i += 4 {
			binary.LittleEndian.PutUint32(t.Data[i:], math.Float32bits(1))
		}
	case strings.HasSuffix(name, ".bias"), strings.Contains(name, "LayerNorm"):
		// zeros
	default:
		std := cfg.InitializerRange
		for i := 0; i < len(t.Data); i += 4 {
			binary.LittleEndian.PutUint32(t.Data[i:], math.Float32bits(float32(r.NormFloat64()*std)))
		}
		if name == "embeddings.word_embeddings.weight" { // padding_idx row
			clear(t.Data[4*cfg.PadTokenID*cfg.HiddenSize : 4*(cfg.PadTokenID+1)*cfg.HiddenSize])
		}
	}
	return t
}
