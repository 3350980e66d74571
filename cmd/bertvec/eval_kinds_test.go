package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeBATS writes a two-category BATS directory over tiny-bert-ja's
// vocabulary, with jBATS's stray spaces and an unknown word.
func writeBATS(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"1_gender/G01 [male - female].txt": "王\t女王\n男 \t 女/女性\n父\t母\n兄\t姉/ \n夫\t妻\n\n",
		"2_kin/K01 [older - younger].txt":  "兄\t弟\n姉\t妹\nぬえ\t鵺\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// eval over several kinds gives, per kind, exactly what eval with that
// one kind gives, for a BATS directory and for a questions-words file.
func TestEvalKinds(t *testing.T) {
	vec := tinyVectors(t)
	for _, src := range []string{writeBATS(t), "../../testdata/analogies-ja.txt"} {
		code, out, errOut := bertvec(t, "eval", "--vectors", vec, "--kind", "static,dynamic", "--json", src)
		if code != 0 {
			t.Fatalf("eval %s: exit %d: %s", src, code, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 {
			t.Fatalf("%d JSON lines, want one per kind:\n%s", len(lines), out)
		}
		for i, kind := range []string{"static", "dynamic"} {
			_, one, _ := bertvec(t, "eval", "--vectors", vec, "--kind", kind, "--json", src)
			if strings.TrimSpace(one) != lines[i] {
				t.Errorf("%s --kind %s alone:\n%s\nin the multi-kind run:\n%s", src, kind, one, lines[i])
			}
		}
	}
	var rep evalJSON
	_, out, _ := bertvec(t, "eval", "--vectors", vec, "--kind", "dynamic", "--json", writeBATS(t))
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	// G01 has 5 lines: 20 questions, all answerable; K01 has 3 lines, and
	// the 4 questions through ぬえ/鵺 are skipped.
	if len(rep.Sections) != 2 || rep.Sections[0].Name != "G01 [male - female]" || rep.Sections[0].Total != 20 ||
		rep.Sections[1].Total != 2 || rep.Sections[1].Skipped != 4 || rep.Overall.Total != 22 {
		t.Errorf("sections %+v overall %+v", rep.Sections, rep.Overall)
	}
	code, table, _ := bertvec(t, "eval", "--vectors", vec, "--kind", "static,dynamic", writeBATS(t))
	if code != 0 || !strings.Contains(table, "static  dynamic") || !strings.Contains(table, "K01 [older - younger]") {
		t.Errorf("table:\n%s", table)
	}
	if code, _, errOut := bertvec(t, "eval", "--vectors", vec, "--kind", "static,nope", writeBATS(t)); code != 2 || !strings.Contains(errOut, "nope") {
		t.Errorf("bad kind: exit %d %s", code, errOut)
	}
}
