package vecdir

// CorpusMeta describes, in a context kind's meta.json entry, the corpus
// its vectors were pooled from and how.
type CorpusMeta struct {
	// Path is the corpus as the user named it ("-" for stdin).
	Path string `json:"path"`
	// Bytes and SHA256 are of the file as stored (compressed for .gz).
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
	// Lines counts every line, blank ones included; Windows and Tokens
	// only this run's (this shard's) windows and window tokens.
	Lines   int64 `json:"lines"`
	Windows int64 `json:"windows"`
	Tokens  int64 `json:"tokens"`
	// Window is the most ids a window held: max_position_embeddings−2.
	Window int `json:"window"`
	// Layers are the hidden_states pooled in one pass (0 = embeddings).
	Layers []int `json:"layers"`
	// NeverSeen is how many ids never occurred: their rows are zeros.
	NeverSeen int `json:"never_seen"`
	// Shard is set in a shard's partial output (float64 sums, to merge).
	Shard *ShardMeta `json:"shard,omitempty"`
	// Merged is how many shards a merged directory was made from.
	Merged int `json:"merged,omitempty"`
}

// ShardMeta marks a partial output as shard Index of Count. A static or
// dynamic shard holds the rows of ids FirstID..FirstID+Rows−1.
type ShardMeta struct {
	Index   int `json:"index"`
	Count   int `json:"count"`
	FirstID int `json:"first_id,omitempty"`
	Rows    int `json:"rows,omitempty"`
}
