// Package env declares every environment variable bertvec reads, in one
// place, so that `bertvec doctor` and the README can list them all.
package env

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// Var is one environment variable bertvec understands.
type Var struct {
	Name string
	Doc  string
}

var (
	// Threads sets libtorch's intra-op threads when --threads is not given.
	Threads = Var{"BERTVEC_THREADS", "libtorch intra-op threads when --threads is not given"}
	// Device sets the default --device.
	Device = Var{"BERTVEC_DEVICE", "default --device (cpu, cuda, cuda:N)"}
	// Libtorch points the gotch build step at a libtorch directory (include/, lib/).
	Libtorch = Var{"LIBTORCH", "libtorch directory used by the gotch build step (default: Debian's /usr)"}

	// MecabDicDir points MeCab at the dictionary a Japanese tokenizer names
	// (mecab_dic), e.g. unidic_lite, which Debian does not package.
	MecabDicDir = Var{"BERTVEC_MECAB_DICDIR", "UniDic directory for tokenizers whose mecab_dic is unidic_lite or unidic (ipadic comes from Debian's mecab-ipadic-utf8)"}

	// BenchModel points the model benchmarks at a BERT-base-shaped checkpoint.
	BenchModel = Var{"BERTVEC_BENCH_MODEL", "checkpoint the model benchmarks load (make bench generates build/bert-base-random)"}

	// JobCompletionIndex and SlurmArrayTaskID give --shard auto/N its index:
	// Kubernetes sets the first in an Indexed Job's pods, Slurm the second
	// in an array job's tasks.
	JobCompletionIndex = Var{"JOB_COMPLETION_INDEX", "shard index for --shard auto/N (set by a Kubernetes Indexed Job)"}
	SlurmArrayTaskID   = Var{"SLURM_ARRAY_TASK_ID", "shard index for --shard auto/N (set by a Slurm array job)"}

	// The Hugging Face Hub variables, read as huggingface_hub reads them so
	// that bertvec and Python share one cache (package hub).
	HFEndpoint     = Var{"HF_ENDPOINT", "Hugging Face Hub address (default https://huggingface.co)"}
	HFHome         = Var{"HF_HOME", "Hugging Face home: token file, default cache (default $XDG_CACHE_HOME/huggingface)"}
	HFHubCache     = Var{"HF_HUB_CACHE", "Hub model cache shared with Python (default $HF_HOME/hub)"}
	XDGCacheHome   = Var{"XDG_CACHE_HOME", "parent of the default HF_HOME (default ~/.cache)"}
	HFToken        = Var{"HF_TOKEN", "Hub access token for gated and private models (else $HF_HOME/token)"}
	HFTokenLegacy  = Var{"HUGGING_FACE_HUB_TOKEN", "older name of HF_TOKEN, read when HF_TOKEN is unset"}
	HFOffline      = Var{"HF_HUB_OFFLINE", "1: no network, models come from the cache only"}
	HFDownloadWait = Var{"HF_HUB_DOWNLOAD_TIMEOUT", "seconds to wait for download data before retrying (default 10)"}
	HFEtagWait     = Var{"HF_HUB_ETAG_TIMEOUT", "seconds to wait for a file's metadata from the Hub (default 10)"}
)

// All lists every variable, for doctor and the README.
var All = []Var{Threads, Device, Libtorch, MecabDicDir, BenchModel, JobCompletionIndex, SlurmArrayTaskID,
	HFEndpoint, HFHome, HFHubCache, XDGCacheHome, HFToken, HFTokenLegacy, HFOffline, HFDownloadWait, HFEtagWait}

// String returns the variable's trimmed value, or def when unset or empty.
func (v Var) String(def string) string {
	if s := strings.TrimSpace(os.Getenv(v.Name)); s != "" {
		return s
	}
	return def
}

// Int returns the variable as an int, or def when unset; ok is false when
// it is set but not an integer.
func (v Var) Int(def int) (n int, ok bool) {
	s := strings.TrimSpace(os.Getenv(v.Name))
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return def, false
	}
	return n, true
}

// Seconds returns the variable as a duration given in seconds (fractions
// allowed), or def when unset; ok is false when it is set but not a
// positive number.
func (v Var) Seconds(def time.Duration) (d time.Duration, ok bool) {
	s := strings.TrimSpace(os.Getenv(v.Name))
	if s == "" {
		return def, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0) || f > 1e6 {
		return def, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// Bool reports whether the variable is set to a true value as
// huggingface_hub reads one: 1, ON, YES or TRUE, in any case.
func (v Var) Bool() bool {
	switch strings.ToUpper(strings.TrimSpace(os.Getenv(v.Name))) {
	case "1", "ON", "YES", "TRUE":
		return true
	}
	return false
}
