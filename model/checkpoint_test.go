package model

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/model/safetensors"
)

const (
	tinyDir     = "../testdata/tiny-bert-ja"
	fixturesDir = "../testdata/fixtures"
	badDir      = "../testdata/bad"
)

func inspect(t *testing.T, dir string, c WeightChoice) *Checkpoint {
	t.Helper()
	ck, err := Inspect(dir, c)
	if err != nil {
		t.Fatalf("Inspect(%s, %q): %v", dir, c, err)
	}
	return ck
}

func TestInspect(t *testing.T) {
	tests := []struct {
		dir     string
		choice  WeightChoice
		file    string
		format  WeightFormat
		style   *KeyStyle // nil: keys not read (pytorch_model.bin)
		dtype   string
		ignored []string // some of the keys that must be ignored
	}{
		{tinyDir, "", SafetensorsFile, FormatSafetensors, &KeyStyle{Prefix: true}, "F32",
			[]string{"bert.embeddings.position_ids", "bert.pooler.dense.weight", "cls.predictions.bias"}},
		{tinyDir, WeightsAuto, SafetensorsFile, FormatSafetensors, &KeyStyle{Prefix: true}, "F32", nil},
		{tinyDir, WeightsSafetensors, SafetensorsFile, FormatSafetensors, &KeyStyle{Prefix: true}, "F32", nil},
		{tinyDir, WeightsBin, BinFile, FormatBinZip, nil, "", nil},
		{fixturesDir + "/legacy-bin", "", BinFile, FormatBinLegacy, nil, "", nil},
		{fixturesDir + "/gamma-beta", "", BinFile, FormatBinZip, nil, "", nil},
		{fixturesDir + "/no-prefix", "", SafetensorsFile, FormatSafetensors, &KeyStyle{}, "F32",
			[]string{"embeddings.position_ids", "pooler.dense.bias"}},
		{fixturesDir + "/f16", "", SafetensorsFile, FormatSafetensors, &KeyStyle{Prefix: true}, "F16", nil},
		{fixturesDir + "/bf16", "", SafetensorsFile, FormatSafetensors, &KeyStyle{Prefix: true}, "BF16", nil},
		// Shapes in pytorch_model.bin are the loader's to check.
		{badDir + "/wrong-shape-bin", "", BinFile, FormatBinZip, nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.dir)+"/"+string(tt.choice), func(t *testing.T) {
			ck := inspect(t, tt.dir, tt.choice)
			if ck.WeightsPath != filepath.Join(tt.dir, tt.file) || ck.Format != tt.format {
				t.Fatalf("weights %s (%v), want %s (%v)", ck.WeightsPath, ck.Format, tt.file, tt.format)
			}
			if ck.Config.VocabSize != 417 || ck.Vocab.Len() != 417 || ck.Vocab.Specials().CLS != 2 {
				t.Fatalf("config/vocab: %d, %d, %+v", ck.Config.VocabSize, ck.Vocab.Len(), ck.Vocab.Specials())
			}
			if ck.ConfigPath != filepath.Join(tt.dir, ConfigFile) || ck.VocabPath != filepath.Join(tt.dir, VocabFile) {
				t.Fatalf("paths %s %s", ck.ConfigPath, ck.VocabPath)
			}
			if tt.style == nil {
				if ck.Keys != nil || ck.DTypes != nil {
					t.Fatalf("Keys = %+v, DTypes = %v for a .bin", ck.Keys, ck.DTypes)
				}
				return
			}
			if ck.Keys == nil || ck.Keys.Style != *tt.style || len(ck.Keys.Raw) != 37 {
				t.Fatalf("Keys = %+v, want style %+v and 37 used keys", ck.Keys, *tt.style)
			}
			if !maps.Equal(ck.DTypes, map[string]int{tt.dtype: 37}) {
				t.Fatalf("DTypes = %v, want 37 %s", ck.DTypes, tt.dtype)
			}
			for _, k := range tt.ignored {
				if !contains(ck.Keys.Ignored, k) {
					t.Errorf("%s not in Ignored %v", k, ck.Keys.Ignored)
				}
			}
		})
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// The half-precision fixtures must load to exactly the floats torch got by
// widening the same halves (the *-as-f32 fixtures).
func TestHalfFixturesMatchWidened(t *testing.T) {
	for _, name := range []string{"f16", "bf16"} {
		half := inspect(t, filepath.Join(fixturesDir, name), "")
		wide := inspect(t, filepath.Join(fixturesDir, name+"-as-f32"), "")
		hf, err := safetensors.Open(half.WeightsPath)
		if err != nil {
			t.Fatal(err)
		}
		defer hf.Close()
		wf, err := safetensors.Open(wide.WeightsPath)
		if err != nil {
			t.Fatal(err)
		}
		defer wf.Close()
		halves := 0
		for canon, key := range half.Keys.Raw {
			info, _ := hf.Info(key)
			winfo, _ := wf.Info(wide.Keys.Raw[canon])
			if info.DType != safetensors.I64 {
				// Two different files, or the comparison proves nothing.
				if info.DType == safetensors.F32 || winfo.DType != safetensors.F32 {
					t.Fatalf("%s %s: %v in the half file, %v in the widened one; want a half type and F32", name, key, info.DType, winfo.DType)
				}
				halves++
			}
			a, b := make([]float32, info.NumElements()), make([]float32, info.NumElements())
			if err := hf.Float32(key, a); err != nil {
				t.Fatal(err)
			}
			if err := wf.Float32(wide.Keys.Raw[canon], b); err != nil {
				t.Fatal(err)
			}
			for i := range a {
				if a[i] != b[i] {
					t.Fatalf("%s %s[%d]: %v, torch widened it to %v", name, key, i, a[i], b[i])
				}
			}
		}
		if halves == 0 {
			t.Fatalf("%s: no half-precision tensor compared", name)
		}
	}
}

// checkpointDir makes a directory with tiny's config and vocab plus the
// named files copied from tiny (or given contents).
func checkpointDir(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{ConfigFile, VocabFile} {
		copyFile(t, filepath.Join(tinyDir, f), filepath.Join(dir, f))
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInspectChoosesWeights(t *testing.T) {
	st, bin := readFile(t, filepath.Join(tinyDir, SafetensorsFile)), readFile(t, filepath.Join(tinyDir, BinFile))
	onlyBin := checkpointDir(t, map[string][]byte{BinFile: bin})
	if ck := inspect(t, onlyBin, WeightsAuto); ck.Format != FormatBinZip {
		t.Errorf("auto with only a .bin: %v", ck.Format)
	}
	_, err := Inspect(onlyBin, WeightsSafetensors)
	if !errors.Is(err, ErrMissingFile) || !strings.Contains(err.Error(), SafetensorsFile) {
		t.Errorf("safetensors asked, none there: err = %v", err)
	}
	onlySt := checkpointDir(t, map[string][]byte{SafetensorsFile: st})
	if _, err := Inspect(onlySt, WeightsBin); !errors.Is(err, ErrMissingFile) || !strings.Contains(err.Error(), BinFile) {
		t.Errorf("bin asked, none there: err = %v", err)
	}
	if _, err := Inspect(onlySt, "pt"); err == nil || !strings.Contains(err.Error(), `"pt"`) {
		t.Errorf("bad choice: err = %v", err)
	}
}

func TestInspectErrors(t *testing.T) {
	st := readFile(t, filepath.Join(tinyDir, SafetensorsFile))
	bin := readFile(t, filepath.Join(tinyDir, BinFile))
	legacy := readFile(t, filepath.Join(fixturesDir, "legacy-bin", BinFile))
	noWeights := checkpointDir(t, nil)
	hinted := checkpointDir(t, map[string][]byte{"tf_model.h5": []byte("x"), SafetensorsFile + ".index.json": []byte("{}")})
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, nil, 0o644)
	// A legacy file whose object pickle is a list: the real header pickles,
	// then `[]` instead of the state dict.
	legacyHead, ok := legacyHeader(legacy)
	if !ok {
		t.Fatal("cannot find the object pickle in legacy-bin")
	}
	legacyList := append(legacyHead, "\x80\x02]q\x00."...)
	pickledModule := append(legacyHead, "\x80\x02ctransformers.models.bert.modeling_bert\nBertModel\nq\x00)\x81q\x01."...)
	tests := []struct {
		name string
		dir  string
		err  error
		want []string // substrings of the message
	}{
		{"no dir", filepath.Join(t.TempDir(), "none"), ErrMissingFile, []string{"none"}},
		{"file as dir", notDir, ErrMissingFile, []string{"not a directory"}},
		{"empty dir", t.TempDir(), ErrMissingFile, []string{ConfigFile, "not found"}},
		{"no weights", noWeights, ErrMissingFile, []string{"no weights", SafetensorsFile, BinFile}},
		{"hints", hinted, ErrMissingFile, []string{"tf_model.h5", "sharded"}},
		{"truncated safetensors", badDir + "/truncated-safetensors", ErrWeights, []string{SafetensorsFile, "truncated"}},
		{"corrupt header", badDir + "/corrupt-header-safetensors", ErrWeights, []string{SafetensorsFile, "invalid header"}},
		{"truncated bin", badDir + "/truncated-bin", ErrWeights, []string{BinFile, "truncated or corrupt"}},
		{"list bin", badDir + "/list-bin", ErrNotStateDict, []string{BinFile, "a list", "state_dict()"}},
		{"roberta", badDir + "/roberta", ErrUnsupported, []string{ConfigFile, `model_type "roberta"`}},
		{"vocab mismatch", badDir + "/vocab-mismatch", ErrVocabMismatch, []string{"vocab_size 417", "418 lines"}},
		{"wrong shape", badDir + "/wrong-shape", ErrShape, []string{"encoder.layer.1.intermediate.dense.weight", "[64 128]", "[128 64]"}},
		{"bad act", badDir + "/bad-act", ErrUnsupported, []string{`hidden_act "swish"`}},
		{"missing vocab", badDir + "/missing-vocab", ErrMissingFile, []string{VocabFile, "not found"}},
		{"safetensors named .bin", checkpointDir(t, map[string][]byte{BinFile: st}), ErrWeights, []string{"holds safetensors"}},
		{"zip named .safetensors", checkpointDir(t, map[string][]byte{SafetensorsFile: bin}), ErrWeights, []string{"torch zip archive, not safetensors"}},
		{"garbage weights", checkpointDir(t, map[string][]byte{BinFile: []byte("hello, world")}), ErrWeights, []string{"not safetensors", "hello"}},
		{"empty weights", checkpointDir(t, map[string][]byte{BinFile: nil}), ErrWeights, []string{BinFile}},
		{"legacy list", checkpointDir(t, map[string][]byte{BinFile: legacyList}), ErrNotStateDict, []string{"a list"}},
		{"pickled module", checkpointDir(t, map[string][]byte{BinFile: pickledModule}), ErrNotStateDict,
			[]string{"transformers.models.bert.modeling_bert.BertModel"}},
		{"F64 tensor", checkpointDir(t, map[string][]byte{SafetensorsFile: withF64(t, st)}), ErrWeights, []string{"F64", "want F32, F16 or BF16"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Inspect(tt.dir, "")
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if _, err := Inspect(filepath.Join(t.TempDir(), "none"), ""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing dir: err = %v, want fs.ErrNotExist too", err)
	}
}

// legacyHeader returns the three small pickles that open a legacy file.
func legacyHeader(b []byte) ([]byte, bool) {
	rest := b
	for range 3 {
		var ok bool
		if rest, ok = skipSimplePickle(rest); !ok {
			return nil, false
		}
	}
	return append([]byte(nil), b[:len(b)-len(rest)]...), true
}

// withF64 rewrites a safetensors file with its embedding LayerNorm bias as F64.
func withF64(t *testing.T, st []byte) []byte {
	return rewriteTensor(t, st, "bert.embeddings.LayerNorm.bias", func(_ *safetensors.File, info safetensors.TensorInfo) safetensors.Tensor {
		return safetensors.Tensor{Name: info.Name, DType: safetensors.F64, Shape: info.Shape, Data: make([]byte, 8*info.NumElements())}
	})
}

// rewriteTensor rewrites a safetensors file with tensor name replaced by
// what change makes of it (f gives its data).
func rewriteTensor(t *testing.T, st []byte, name string, change func(f *safetensors.File, info safetensors.TensorInfo) safetensors.Tensor) []byte {
	t.Helper()
	f, err := safetensors.Parse(st)
	if err != nil {
		t.Fatal(err)
	}
	var ts []safetensors.Tensor
	found := false
	for _, info := range f.Tensors {
		raw, _, _ := f.Bytes(info.Name)
		tn := safetensors.Tensor{Name: info.Name, DType: info.DType, Shape: info.Shape, Data: raw}
		if info.Name == name {
			tn, found = change(f, info), true
		}
		ts = append(ts, tn)
	}
	if !found {
		t.Fatalf("no tensor %s", name)
	}
	p := filepath.Join(t.TempDir(), "x.safetensors")
	if err := safetensors.Write(p, ts, nil); err != nil {
		t.Fatal(err)
	}
	return readFile(t, p)
}

func TestParseWeightChoice(t *testing.T) {
	for in, want := range map[string]WeightChoice{"": WeightsAuto, "auto": WeightsAuto, "bin": WeightsBin, "safetensors": WeightsSafetensors} {
		if got, err := ParseWeightChoice(in); err != nil || got != want {
			t.Errorf("ParseWeightChoice(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"pt", "BIN", "pytorch_model.bin"} {
		if _, err := ParseWeightChoice(in); err == nil {
			t.Errorf("ParseWeightChoice(%q) accepted", in)
		}
	}
}

func TestWeightFormatString(t *testing.T) {
	for f, s := range map[WeightFormat]string{FormatSafetensors: "safetensors", FormatBinZip: "bin-zip", FormatBinLegacy: "bin-legacy", 0: "WeightFormat(0)"} {
		if f.String() != s {
			t.Errorf("%d: %q, want %q", int(f), f.String(), s)
		}
	}
}

func TestCheckPickleTop(t *testing.T) {
	tests := []struct {
		pickle string
		ok     bool
		what   string
	}{
		{"\x80\x02}q\x00(X", true, ""},
		{"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01", true, ""},
		{"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94", true, ""}, // protocol 4 with FRAME
		{"\x80\x02(X\x01\x00\x00\x00a", true, ""},                       // cannot tell: pass
		{"\x80\x02]q\x00(", false, "a list"},
		{"\x80\x02)", false, "a tuple"},
		{"\x80\x02ctorch._utils\n_rebuild_tensor_v2\nq\x00", false, "a single tensor"},
		{"\x80\x02cmymodule\nNet\nq\x00", false, "mymodule.Net"},
		{"", false, "empty"},
	}
	for _, tt := range tests {
		err := checkPickleTop("w.bin", []byte(tt.pickle))
		if tt.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.what)) {
			t.Errorf("%q: err = %v, want ok=%v %q", tt.pickle, err, tt.ok, tt.what)
		}
	}
}
