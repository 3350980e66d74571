package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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

// --show-misses N lists the first N wrong answers, in the table and in
// --json, with the file's line numbers.
func TestEvalShowMisses(t *testing.T) {
	dir := tinyVectors(t)
	code, out, errOut := bertvec(t, "eval", "--vectors", dir, "--show-misses", "3", analogiesJA)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	_, list, ok := strings.Cut(out, "\n3 of 30 wrong answers")
	if !ok || strings.Count(list, "\n  ") != 3 || !strings.Contains(list, "\n  2: 王 : 女王 = 男 : 女, got ") {
		t.Errorf("table:\n%s", out)
	}
	code, out, errOut = bertvec(t, "eval", "--vectors", dir, "--show-misses", "2", "--json", analogiesJA)
	var e struct {
		Misses []struct {
			Section, A, B, C, Expected, Predicted string
			Line                                  int
		} `json:"misses"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &e) != nil || len(e.Misses) != 2 {
		t.Fatalf("exit %d, %s %s", code, out, errOut)
	}
	if m := e.Misses[0]; m.Line != 2 || m.Section != "family" || m.A != "王" || m.Expected != "女" || m.Predicted == "" || m.Predicted == "女" {
		t.Errorf("first miss %+v", m)
	}
	if code, _, errOut := bertvec(t, "eval", "--vectors", dir, "--show-misses", "-1", analogiesJA); code != 2 || !strings.Contains(errOut, "--show-misses -1") {
		t.Errorf("--show-misses -1: exit %d, %q", code, errOut)
	}
}

// A section with no question answered shows "–", not 0%, in both tables.
func TestEvalEmptySectionDash(t *testing.T) {
	dir := tinyVectors(t)
	for _, kinds := range []string{"static", "static,dynamic"} {
		code, out, errOut := bertvec(t, "eval", "--vectors", dir, "--kind", kinds, analogiesJA)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "country-language") && (!strings.Contains(line, "–") || strings.Contains(line, "%")) {
				t.Errorf("--kind %s: %q", kinds, line)
			}
		}
	}
}

// FILE "-" reads stdin, for one kind and for several.
func TestEvalStdin(t *testing.T) {
	dir := tinyVectors(t)
	for _, kinds := range []string{"static", "static,dynamic"} {
		withStdin(t, strings.NewReader(": s\n王 女王 男 女\n男 女 王 女王\n"))
		code, out, errOut := bertvec(t, "eval", "--vectors", dir, "--kind", kinds, "-")
		if code != 0 || !strings.Contains(out, "\ns ") || !strings.Contains(out, "total") {
			t.Errorf("--kind %s: exit %d, stdout %q, stderr %q", kinds, code, out, errOut)
		}
	}
}
