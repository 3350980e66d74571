package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

// The values of testdata/word2vec/gen.py, which wrote the golden files
// with numpy.
var (
	goldenTokens  = []string{"[PAD]", "王", "女王", "##ing"}
	goldenVectors = []float32{
		0.1, -0.25, 0.33333334,
		3.2e-05, -1.5, 2.7182817,
		-0.00025, 12345.678, 0.5,
		1e-10, -7.25, 0.0625,
	}
)

func TestWord2VecGolden(t *testing.T) {
	tests := []struct {
		file  string
		write func(io.Writer, []string, []float32, int) error
	}{
		{"small.w2v.txt", WriteWord2VecText},
		{"small.w2v.bin", WriteWord2VecBinary},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf, goldenTokens, goldenVectors, 3); err != nil {
				t.Fatal(err)
			}
			want := readFile(t, filepath.Join("testdata", "word2vec", tc.file))
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("got\n%q\nwant (numpy)\n%q", buf.Bytes(), want)
			}
		})
	}
}

func TestWord2VecRefuses(t *testing.T) {
	for _, write := range []func(io.Writer, []string, []float32, int) error{WriteWord2VecText, WriteWord2VecBinary} {
		if err := write(io.Discard, []string{"a", "b"}, make([]float32, 5), 3); err == nil {
			t.Error("5 values for 2 tokens of width 3 accepted")
		}
		if err := write(io.Discard, []string{"a", "b c"}, make([]float32, 6), 3); !errors.Is(err, ErrBadToken) {
			t.Errorf("token with a space: %v, want ErrBadToken", err)
		}
	}
}

// readW2VBinary reads the binary format the way gensim's loader does:
// token up to a space (leading newlines stripped), then H float32.
func readW2VBinary(t *testing.T, data []byte) ([]string, []float32, int) {
	t.Helper()
	r := bufio.NewReader(bytes.NewReader(data))
	header, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var v, h int
	if _, err := fmt.Sscan(header, &v, &h); err != nil {
		t.Fatalf("header %q: %v", header, err)
	}
	tokens := make([]string, v)
	vecs := make([]float32, v*h)
	raw := make([]byte, 4*h)
	for i := range v {
		tok, err := r.ReadString(' ')
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		tokens[i] = strings.TrimLeft(strings.TrimSuffix(tok, " "), "\n")
		if _, err := io.ReadFull(r, raw); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		for j := range h {
			vecs[i*h+j] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*j:]))
		}
	}
	if rest, _ := io.ReadAll(r); string(rest) != "\n" {
		t.Errorf("after the last row: %q, want one newline", rest)
	}
	return tokens, vecs, h
}

// readW2VText reads the text format: fields split on white space.
func readW2VText(t *testing.T, data []byte) ([]string, []float32, int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var v, h int
	if _, err := fmt.Sscan(lines[0], &v, &h); err != nil || len(lines) != v+1 {
		t.Fatalf("header %q with %d lines: %v", lines[0], len(lines), err)
	}
	tokens := make([]string, v)
	vecs := make([]float32, v*h)
	for i, line := range lines[1:] {
		fields := strings.Fields(line)
		if len(fields) != h+1 {
			t.Fatalf("row %d has %d fields, want %d", i, len(fields), h+1)
		}
		tokens[i] = fields[0]
		for j, s := range fields[1:] {
			x, err := strconv.ParseFloat(s, 32)
			if err != nil {
				t.Fatalf("row %d: %v", i, err)
			}
			vecs[i*h+j] = float32(x)
		}
	}
	return tokens, vecs, h
}

func TestWord2VecFilesReadBack(t *testing.T) {
	const v, h = 40, 9
	f := pipelinetest.NewFake(v, h)
	o := fakeOptions(t.TempDir(), f, 6, 2)
	o.Format = FormatWord2Vec
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	for _, k := range vecdir.DefaultKinds {
		want := wantNPY(t, k, v, h)
		for name, read := range map[string]func(*testing.T, []byte) ([]string, []float32, int){
			k.Word2VecText(): readW2VText, k.Word2VecBinary(): readW2VBinary,
		} {
			tokens, vecs, gotH := read(t, readFile(t, filepath.Join(o.OutDir, name)))
			if gotH != h || strings.Join(tokens, " ") != strings.Join(o.Tokens, " ") {
				t.Errorf("%s: width %d, tokens %q", name, gotH, tokens)
				continue
			}
			// Compare bits with the .npy rows (after its header).
			body := want[len(want)-4*v*h:]
			for i, x := range vecs {
				if math.Float32bits(x) != binary.LittleEndian.Uint32(body[4*i:]) {
					t.Errorf("%s: value %d is %v, differs from the .npy", name, i, x)
					break
				}
			}
		}
	}
}

func TestWord2VecUsesNPYOfResumedRun(t *testing.T) {
	// A run killed after dynamic.npy was renamed but before its word2vec
	// files were written must write them on resume.
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 1)
	o.Format = FormatWord2Vec
	want := cleanRun(t, o)
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{vecdir.MetaFile, vecdir.Dynamic.Word2VecText(), vecdir.Dynamic.Word2VecBinary()} {
		os.Remove(filepath.Join(o.OutDir, name))
	}
	st := &state{Version: stateVersion, Identity: mustPlan(t, o).identity(), Finished: map[string]*vecdir.KindMeta{}}
	if err := (&outDir{path: o.OutDir}).saveState(st); err != nil {
		t.Fatal(err)
	}
	o.Resume = true
	rep, err := Extract(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, sums(t, o.OutDir), want)
	if got := rep.Meta.Kinds["dynamic"].ResumedIDs; got != rv {
		t.Errorf("dynamic resumed %d ids, want all %d (the .npy was complete)", got, rv)
	}
}

func mustPlan(t *testing.T, o Options) *plan {
	t.Helper()
	p, err := o.check()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
