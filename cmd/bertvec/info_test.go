package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/model"
)

func TestInfo(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--model", tinyModel}, []string{"model.safetensors (safetensors)", "F32 ×37", "bert. prefix, weight/bias", "hidden 64, layers 2, heads 4", "417 tokens", "[CLS]=2 [SEP]=3"}},
		{[]string{"--model", tinyModel, "--weights", "bin"}, []string{"pytorch_model.bin (bin-zip)", "F32 ×37"}},
		{[]string{"--model", "../../testdata/fixtures/legacy-bin"}, []string{"bin-legacy"}},
		{[]string{"--model", "../../testdata/fixtures/gamma-beta"}, []string{"gamma/beta"}},
		{[]string{"--model", "../../testdata/fixtures/no-prefix"}, []string{"no prefix"}},
		{[]string{"--model", "../../testdata/fixtures/bf16"}, []string{"BF16 ×37"}},
	}
	for _, tt := range tests {
		code, stdout, stderr := bertvec(t, append([]string{"info"}, tt.args...)...)
		if code != 0 {
			t.Fatalf("info %v: exit %d: %s", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("info %v: output lacks %q:\n%s", tt.args, w, stdout)
			}
		}
	}
}

// Without --model, info describes the bundled model, as extract uses it;
// --json prints the same facts as one object, and --quiet drops the note.
func TestInfoBundledJSON(t *testing.T) {
	code, stdout, stderr := bertvec(t, "info")
	if code != 0 || !strings.Contains(stdout, "417 tokens") || !strings.Contains(stderr, "bundled tiny-bert-ja") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	code, stdout, stderr = bertvec(t, "info", "--json", "--quiet")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var got struct {
		Format    string         `json:"format"`
		VocabSize int            `json:"vocab_size"`
		Specials  map[string]int `json:"specials"`
		DTypes    map[string]int `json:"dtypes"`
		Ignored   []string       `json:"ignored_keys"`
		Config    struct {
			HiddenSize int `json:"hidden_size"`
		} `json:"config"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if len(got.Ignored) == 0 {
		t.Errorf("ignored_keys is empty; the bundled model has heads")
	}
	// A checkpoint without ignored keys gets [], not null.
	d, err := model.Describe(tinyModel, model.WeightsAuto)
	if err != nil {
		t.Fatal(err)
	}
	d.Ignored = nil
	if b, _ := json.Marshal(describeJSON(d)); !strings.Contains(string(b), `"ignored_keys":[]`) {
		t.Errorf("no ignored keys: %s", b)
	}
	if got.VocabSize != 417 || got.Config.HiddenSize != 64 || got.Specials["[CLS]"] != 2 || got.Specials["[SEP]"] != 3 || got.DTypes["F32"] != 37 {
		t.Errorf("got %+v", got)
	}
}

func TestInfoBadInput(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--model", "../../testdata/no-such-model"}, 1, "no-such-model"},
		{[]string{"--model", "../../testdata/bad/list-bin"}, 1, "not a state dict"},
		{[]string{"--model", "../../testdata/bad/wrong-shape"}, 1, "intermediate.dense.weight"},
		{[]string{"--model", tinyModel, "--weights", "onnx"}, 2, "onnx"},
	}
	for _, tt := range tests {
		code, _, stderr := bertvec(t, append([]string{"info"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("info %v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

// doctor on the test machine: every check printed, libtorch linked and
// OpenBLAS found (make test installs it), and the exit status says whether
// any line was flagged; which others are depends on the machine (a GPU box
// with this CPU-only libtorch is rightly flagged).
func TestDoctor(t *testing.T) {
	code, stdout, stderr := bertvec(t, "doctor")
	for _, w := range []string{"ok libtorch", "cuda", "ok blas      openblas", "threads", "BERTVEC_THREADS"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("doctor output lacks %q:\n%s", w, stdout)
		}
	}
	flagged := strings.Contains(stdout, "\n!! ") || strings.HasPrefix(stdout, "!! ")
	if flagged != (code == 1) || (code != 0 && code != 1) {
		t.Errorf("doctor exit %d with flagged=%v: %s\n%s", code, flagged, stderr, stdout)
	}
}

func TestUsage(t *testing.T) {
	if code, _, stderr := bertvec(t); code != 2 || !strings.Contains(stderr, "extract") {
		t.Errorf("no args: exit %d, %q", code, stderr)
	}
	if code, _, stderr := bertvec(t, "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, stderr)
	}
	if code, _, _ := bertvec(t, "extract", "-h"); code != 0 {
		t.Errorf("extract -h: exit %d", code)
	}
}
