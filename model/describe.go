package model

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Description is what `bertvec info` reports about a checkpoint: what was
// found, how its keys are spelled, and what the encoder will use.
type Description struct {
	Checkpoint *Checkpoint
	Style      KeyStyle
	// DTypes counts the encoder's tensors per stored dtype.
	DTypes map[string]int
	// Parameters counts the encoder's weights (heads and pooler excluded).
	Parameters int64
	// Ignored are stored keys the encoder does not use (heads, buffers).
	Ignored []string
}

// Print writes the description as aligned "key: value" lines.
func (d *Description) Print(w io.Writer) {
	ck, c := d.Checkpoint, d.Checkpoint.Config
	sp := ck.Vocab.Specials()
	var dts []string
	for k, n := range d.DTypes {
		dts = append(dts, fmt.Sprintf("%s ×%d", k, n))
	}
	sort.Strings(dts)
	lines := [][2]string{
		{"directory", ck.Dir},
		{"weights", fmt.Sprintf("%s (%s)", ck.WeightsPath, ck.Format)},
		{"dtypes", strings.Join(dts, ", ")},
		{"keys", fmt.Sprintf("%s; %d used, %d ignored", d.Style, len(ExpectedNames(c)), len(d.Ignored))},
		{"config", fmt.Sprintf("%s, hidden %d, layers %d, heads %d, intermediate %d, %s, max positions %d, eps %g",
			c.ModelType, c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.IntermediateSize, c.HiddenAct, c.MaxPositionEmbeddings, c.LayerNormEps)},
		{"parameters", fmt.Sprintf("%d (%.1fM, encoder only)", d.Parameters, float64(d.Parameters)/1e6)},
		{"vocab", fmt.Sprintf("%d tokens (%s)", ck.Vocab.Len(), ck.VocabPath)},
		{"specials", fmt.Sprintf("[PAD]=%d [UNK]=%d [CLS]=%d [SEP]=%d [MASK]=%d", sp.PAD, sp.UNK, sp.CLS, sp.SEP, sp.MASK)},
	}
	for _, l := range lines {
		fmt.Fprintf(w, "%-11s %s\n", l[0]+":", l[1])
	}
}

// countParameters sums the element counts of the expected tensors.
func countParameters(cfg *Config) int64 {
	var n int64
	for _, shp := range ExpectedShapes(cfg) {
		p := int64(1)
		for _, d := range shp {
			p *= int64(d)
		}
		n += p
	}
	return n
}
