package search

import (
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bertvec/bertvec/vecdir"
)

// The benchmark matrix: 32000 × 768 N(0,1) float32, the size of a
// cl-tohoku BERT vocabulary, written once per test binary run (into the
// first benchmark's temporary directory: the mapping outlives its removal).
const benchRows, benchDim = 32000, 768

var bench struct {
	once sync.Once
	s    *Store
	qs   [][]float32
}

func benchStore(b *testing.B) (*Store, [][]float32) {
	bench.once.Do(func() {
		rng := rand.New(rand.NewPCG(42, 42))
		data := gaussian(rng, benchRows*benchDim)
		d := writeVectors(b, synthTokens(benchRows), benchDim, map[vecdir.Kind][]float32{vecdir.Static: data})
		s, err := Open(d, vecdir.Static)
		if err != nil {
			b.Fatal(err)
		}
		bench.s = s
		// Analogy-shaped queries: a - b + c over random rows.
		for range 10000 {
			x, y, z := s.Vector(rng.IntN(benchRows)), s.Vector(rng.IntN(benchRows)), s.Vector(rng.IntN(benchRows))
			q := make([]float32, benchDim)
			for i := range q {
				q[i] = x[i] - y[i] + z[i]
			}
			bench.qs = append(bench.qs, q)
		}
	})
	if bench.s == nil {
		b.Fatal("benchmark store failed to build")
	}
	return bench.s, bench.qs
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.s != nil {
		bench.s.Close()
	}
	os.Exit(code)
}

// BenchmarkSearchOne is one top-10 query on 32000 × 768; median-ns/op is
// the median single-query latency.
func BenchmarkSearchOne(b *testing.B) {
	s, qs := benchStore(b)
	s.Prepare()
	for _, tc := range []struct {
		name  string
		m     Metric
		quant bool
	}{{"l2", L2, true}, {"cosine", Cosine, true}, {"l2-noindex", L2, false}} {
		b.Run(tc.name, func(b *testing.B) {
			withQuant(b, tc.quant && haveSIMD, func() {
				opt := Options{K: 10, Metric: tc.m}
				var lat []time.Duration
				i := 0
				for b.Loop() {
					t0 := time.Now()
					if _, err := s.Search(qs[i%len(qs)], opt); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(t0))
					i++
				}
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "median-ns/op")
			})
		})
	}
}

// BenchmarkSearchBatch is 10,000 top-10 queries in one SearchBatch call.
// cpu-s/op is the process CPU time per call: on a shared machine it shows
// what the wall time would be on an idle one (divided by the cores).
func BenchmarkSearchBatch(b *testing.B) {
	s, qs := benchStore(b)
	s.Prepare()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := s.SearchBatch(qs, Options{K: 10}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkPrepare is the one-off cost of the norms and the int8 index.
func BenchmarkPrepare(b *testing.B) {
	s, _ := benchStore(b)
	for b.Loop() {
		s.stats.once = sync.Once{}
		s.index.once = sync.Once{}
		s.Prepare()
	}
}
