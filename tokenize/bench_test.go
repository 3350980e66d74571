package tokenize

import (
	"os"
	"strings"
	"testing"
)

// benchTexts splits a Botchan corpus the way the conformance sets do:
// Japanese after 。, English by line.
func benchTexts(b *testing.B, file, sep string) ([]string, int64) {
	raw, err := os.ReadFile("testdata/corpus/" + file)
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	if sep == "\n" {
		texts = strings.Split(string(raw), "\n")
	} else {
		texts = strings.SplitAfter(string(raw), sep)
	}
	return texts, int64(len(raw))
}

// benchTokenize reports MB/s on one core (the benchmark runs one
// goroutine; GOMAXPROCS does not matter).
func benchTokenize(b *testing.B, ref, file, sep string) {
	tk, _ := load(b, ref)
	texts, n := benchTexts(b, file, sep)
	cpuBench(b, n, func() {
		for _, s := range texts {
			if _, err := tk.Tokenize(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkTokenizeJapaneseMecab(b *testing.B) {
	benchTokenize(b, "ja-mecab-wordpiece.jsonl", "bocchan-ja.txt", "。")
}

func BenchmarkTokenizeJapaneseBasic(b *testing.B) {
	benchTokenize(b, "ja-basic-wordpiece.jsonl", "bocchan-ja.txt", "。")
}

func BenchmarkTokenizeEnglish(b *testing.B) {
	benchTokenize(b, "en-basic-wordpiece.jsonl", "botchan-en.txt", "\n")
}

// BenchmarkMecabAlone is MeCab's own share of the Japanese figure.
func BenchmarkMecabAlone(b *testing.B) {
	seg, err := newMecab(MecabKwargs{Dic: ptr("ipadic")})
	if err != nil {
		b.Fatal(err)
	}
	defer seg.Close()
	texts, n := benchTexts(b, "bocchan-ja.txt", "。")
	var sp []int32
	cpuBench(b, n, func() {
		for _, s := range texts {
			if sp, err = seg.Segment(sp[:0], s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }

// cpuBench wraps a benchmark body to also report MB/s per core from the
// process's CPU time, which the machine's other load does not inflate.
func cpuBench(b *testing.B, n int64, body func()) {
	b.SetBytes(n)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		body()
	}
	b.StopTimer()
	if cpu := cpuSeconds() - c0; cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu/1e6, "MB/s/core")
	}
}
