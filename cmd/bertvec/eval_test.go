package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

type evalOut struct {
	Kind     string `json:"kind"`
	Method   string `json:"method"`
	Sections []struct {
		Section  string  `json:"section"`
		Correct  int     `json:"correct"`
		Total    int     `json:"total"`
		Skipped  int     `json:"skipped"`
		Accuracy float64 `json:"accuracy"`
	} `json:"sections"`
	Overall struct {
		Section  string  `json:"section"`
		Correct  int     `json:"correct"`
		Total    int     `json:"total"`
		Skipped  int     `json:"skipped"`
		Accuracy float64 `json:"accuracy"`
	} `json:"overall"`
}

const analogiesJA = "../../testdata/analogies-ja.txt"

func TestEvalCommand(t *testing.T) {
	dir := tinyVectors(t)
	for _, kind := range []string{"static", "dynamic"} {
		for _, m := range []string{"add", "mul"} {
			code, out, errOut := bertvec(t, "eval", "--vectors", dir, "--kind", kind, "--method", m, "--json", analogiesJA)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var e evalOut
			if err := json.Unmarshal([]byte(out), &e); err != nil {
				t.Fatal(err)
			}
			if e.Kind != kind || e.Method != m || len(e.Sections) != 4 || e.Sections[0].Section != "family" {
				t.Fatalf("%s", out)
			}
			// family and opposites use tiny-vocab tokens only.
			if e.Sections[0].Skipped != 0 || e.Sections[0].Total != 16 || e.Sections[1].Total != 7 {
				t.Errorf("%+v", e.Sections)
			}
			if e.Overall.Total+e.Overall.Skipped != 40 || e.Overall.Skipped != 10 {
				t.Errorf("overall %+v", e.Overall)
			}
		}
	}
	code, out, errOut := bertvec(t, "eval", "--vectors", dir, analogiesJA)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	searchGoldenFile(t, "eval-static-add.txt", out)

	// A file whose only question has an out-of-vocabulary word: answered
	// nothing, skipped one, and that is not an error.
	oov := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(oov, []byte(": x\n王 女王 犬xyz 女\n"), 0o644)
	code, out, errOut = bertvec(t, "eval", "--vectors", dir, "--json", oov)
	var e evalOut
	if code != 0 || json.Unmarshal([]byte(out), &e) != nil || e.Overall.Total != 0 || e.Overall.Skipped != 1 {
		t.Errorf("exit %d, %s %s", code, out, errOut)
	}
}
