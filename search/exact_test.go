package search

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

// bruteForce is the definition of exact: the kernel key of every row,
// sorted by key then id.
func bruteForce(s *Store, q []float32, opt Options, exclude []int) []hit {
	pq, err := s.prepareQuery(q, opt.Metric)
	if err != nil {
		panic(err)
	}
	s.rowStats()
	var all []hit
	for r := range s.rows {
		if !slices.Contains(exclude, r) {
			all = append(all, hit{s.key(pq, r), int32(r)})
		}
	}
	sortHits(all)
	return all[:min(opt.K, len(all))]
}

func hitsOf(rs []Result, m Metric) []hit {
	out := make([]hit, len(rs))
	for i, r := range rs {
		k := r.Distance
		if m == Cosine {
			k = -r.Cosine
		}
		out[i] = hit{k, int32(r.ID)}
	}
	return out
}

type exactCase struct {
	name string
	rows int
	dim  int
	data func(rng *rand.Rand, n int) []float32
}

var exactCases = []exactCase{
	{"gaussian", 3000, 96, func(rng *rand.Rand, n int) []float32 { return gaussian(rng, n) }},
	{"ties", 2000, 40, func(rng *rand.Rand, n int) []float32 { return smallInts(rng, n, 2) }},
	{"odd dim", 1001, 37, func(rng *rand.Rand, n int) []float32 { return gaussian(rng, n) }},
	{"duplicates and zero rows", 1500, 64, func(rng *rand.Rand, n int) []float32 {
		v := smallInts(rng, n, 1)
		for r := 0; r < 1500; r += 7 { // every 7th row repeats row 3, every 11th is zero
			copy(v[r*64:(r+1)*64], v[3*64:4*64])
		}
		for r := 0; r < 1500; r += 11 {
			clear(v[r*64 : (r+1)*64])
		}
		return v
	}},
	{"non-finite and huge rows", 1200, 32, func(rng *rand.Rand, n int) []float32 {
		v := gaussian(rng, n)
		v[5*32+3] = float32(math.NaN())
		v[9*32] = float32(math.Inf(1))
		for i := 11 * 32; i < 12*32; i++ {
			v[i] = 1e30 // its squared distance overflows float32
		}
		for i := 13 * 32; i < 14*32; i++ {
			v[i] = 1e-30 // its norm is below tinyNorm
		}
		return v
	}},
	{"anisotropic", 2500, 128, func(rng *rand.Rand, n int) []float32 {
		v := gaussian(rng, n)
		for i := range v {
			v[i] = v[i]*float32(1+i%128) + 3 // a shared offset, very uneven scales
		}
		return v
	}},
}

// queries mixes rows, sums of rows (analogies), tiny and random vectors.
func exactQueries(rng *rand.Rand, s *Store) [][]float32 {
	var qs [][]float32
	for range 12 {
		a, b, c := s.Vector(rng.IntN(s.rows)), s.Vector(rng.IntN(s.rows)), s.Vector(rng.IntN(s.rows))
		q := make([]float32, s.dim)
		for i := range q {
			q[i] = a[i] - b[i] + c[i]
		}
		qs = append(qs, q, slices.Clone(a))
	}
	qs = append(qs, gaussian(rng, s.dim), smallInts(rng, s.dim, 1))
	tiny := gaussian(rng, s.dim)
	for i := range tiny {
		tiny[i] *= 1e-3
	}
	return append(qs, tiny)
}

// Every path (exact scan, quantized single query, batch) must return
// exactly what brute force returns: same ids, same order, same keys.
func TestSearchIsExact(t *testing.T) {
	for ci, c := range exactCases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(ci), 7))
			s := openSynth(t, c.rows, c.dim, c.data(rng, c.rows*c.dim))
			s.Prepare()
			qs := exactQueries(rng, s)
			for _, m := range []Metric{L2, Cosine} {
				for _, k := range []int{1, 10, 57, s.rows} {
					var excl [][]int
					for i := range qs {
						excl = append(excl, []int{i, rng.IntN(s.rows), 3})
					}
					for _, quant := range []bool{false, true} {
						withQuant(t, quant, func() {
							opt := Options{K: k, Metric: m}
							batch, err := s.SearchBatch(qs, opt, excl)
							if err != nil {
								t.Fatal(err)
							}
							for i, q := range qs {
								want := bruteForce(s, q, opt, excl[i])
								got, err := s.Search(q, opt, excl[i]...)
								if err != nil {
									t.Fatal(err)
								}
								tag := fmt.Sprintf("metric %v k %d quant %v query %d", m, k, quant, i)
								if g := hitsOf(got, m); !slices.Equal(g, want) {
									t.Errorf("%s: Search\n got %v\nwant %v", tag, g, want)
								}
								if g := hitsOf(batch[i], m); !slices.Equal(g, want) {
									t.Errorf("%s: SearchBatch\n got %v\nwant %v", tag, g, want)
								}
							}
						})
					}
				}
			}
		})
	}
}

// The quantized scan must actually prune, or it is only a slow brute
// force; on Gaussian data few rows should reach the bar.
func TestQuantPrunes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const rows, dim = 4000, 256
	s := openSynth(t, rows, dim, gaussian(rng, rows*dim))
	s.Prepare()
	qi := s.index.q.Load()
	q := gaussian(rng, dim)
	for _, m := range []Metric{L2, Cosine} {
		pq, _ := s.prepareQuery(q, m)
		qq := qi.quantizeQuery(pq, make([]int16, qi.stride))
		var bar kSmallest
		bar.reset(10)
		los := make([]float64, rows)
		for r := range rows {
			l, h := qq.interval(qi, r, dotI8(qi.codes[r*qi.stride:(r+1)*qi.stride], qq.codes))
			los[r] = l
			bar.push(h)
		}
		n := 0
		for _, l := range los {
			if l <= bar.bar() {
				n++
			}
		}
		if n > rows/20 {
			t.Errorf("%v: %d of %d rows are candidates", m, n, rows)
		}
		t.Logf("%v: %d candidates of %d rows for k=10", m, n, rows)
	}
}

func TestAnalogyBatch(t *testing.T) {
	s := openTiny(t, vecdir.Static)
	texts := []string{"王 - 男 + 女", "王 + 犬xyz", "女", "王 - 王", "女王国 - 男"}
	var exprs []Expression
	for _, x := range texts {
		e, err := ParseExpression(x)
		if err != nil {
			t.Fatal(err)
		}
		exprs = append(exprs, e)
	}
	for _, m := range []Metric{L2, Cosine} {
		opt := Options{K: 7, Metric: m, ExcludeQuery: true}
		answers, errs := s.AnalogyBatch(exprs, opt)
		for i, e := range exprs {
			one, err := s.Analogy(e, opt)
			if (err == nil) != (errs[i] == nil) {
				t.Fatalf("%v %q: batch err %v, single err %v", m, texts[i], errs[i], err)
			}
			if err != nil {
				if answers[i] != nil || errs[i].Error() != err.Error() {
					t.Errorf("%v %q: batch (%v, %v), single %v", m, texts[i], answers[i], errs[i], err)
				}
				continue
			}
			if !slices.Equal(answers[i].Results, one.Results) || !slices.Equal(answers[i].Notes, one.Notes) {
				t.Errorf("%v %q: batch %+v\nsingle %+v", m, texts[i], answers[i], one)
			}
		}
		if errs[1] == nil || (m == Cosine) != (errs[3] != nil) {
			t.Errorf("%v: errs = %v", m, errs)
		}
	}
	_, errs := s.AnalogyBatch(exprs, Options{K: 0})
	for _, err := range errs {
		if !errors.Is(err, ErrK) {
			t.Errorf("k=0: %v", err)
		}
	}
}
