package pipeline

import (
	"fmt"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/corpus"
	"github.com/bertvec/bertvec/internal/filehash"
	"github.com/bertvec/bertvec/vecdir"
)

// checkKeptContext compares the context kinds this run asks for that are
// already made (kept: a complete directory's, or a resumed state's
// finished kinds) with what this run would pool: the corpus, the layers,
// the window, the batching and the shard. Kept vectors of another corpus
// are refused as any other identity mismatch is; see the package doc for
// why the corpus is known by its sha256.
func (p *plan) checkKeptContext(dir string, kept map[string]*vecdir.KindMeta) error {
	c := p.context
	if c == nil {
		return nil
	}
	kinds := c.ContextKinds()
	for _, k := range kinds {
		if kept[k.String()] == nil {
			return nil // the pass runs again and rewrites every context kind
		}
	}
	// Only now, when nothing is left to pool, may stdin be read for its
	// digest.
	sum, err := corpus.Digest(c.Corpus, c.Stdin)
	if err != nil {
		return err
	}
	for i, k := range kinds {
		if what := contextDiff(kept[k.String()], c, c.Layers[i], sum); what != "" {
			return fmt.Errorf("%w: %s holds the %s vectors of another run: %s", ErrResumeMismatch, dir, k, what)
		}
	}
	return nil
}

// contextDiff says how a finished context kind's entry differs from what
// c would make of the corpus whose sha256 is sum, or returns "".
func contextDiff(km *vecdir.KindMeta, c *ContextOptions, layer int, sum string) string {
	cm, batch := km.Corpus, c.BatchTokens
	if batch <= 0 {
		batch = contextvec.DefaultBatchTokens
	}
	var shard *vecdir.ShardMeta
	if !c.Shard.Whole() {
		shard = &vecdir.ShardMeta{Index: c.Shard.Index, Count: c.Shard.Count}
	}
	switch {
	case cm == nil:
		return "no corpus recorded"
	case cm.SHA256 != sum:
		return fmt.Sprintf("corpus differs (sha256 %s, now %s of %s)", filehash.Short(cm.SHA256), filehash.Short(sum), c.Corpus)
	case km.Layer == nil || *km.Layer != layer:
		return fmt.Sprintf("layer differs (%s, now %d)", layerName(km.Layer), layer)
	case cm.Window != c.Window:
		return fmt.Sprintf("window differs (%d, now %d)", cm.Window, c.Window)
	case km.Batch != batch:
		return fmt.Sprintf("batch tokens differ (%d, now %d)", km.Batch, batch)
	case (cm.Shard == nil) != (shard == nil) || shard != nil && *cm.Shard != *shard:
		return fmt.Sprintf("shard differs (%s, now %s)", shardName(cm.Shard), shardName(shard))
	}
	return ""
}

func layerName(l *int) string {
	if l == nil {
		return "none"
	}
	return fmt.Sprint(*l)
}

func shardName(s *vecdir.ShardMeta) string {
	if s == nil {
		return "the whole corpus"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}
