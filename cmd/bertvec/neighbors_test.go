package main

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"
)

type neighborsOut struct {
	Word    string       `json:"word"`
	Kind    string       `json:"kind"`
	Metric  string       `json:"metric"`
	Results []resultJSON `json:"results"`
}

func TestNeighbors(t *testing.T) {
	dir := tinyVectors(t)
	code, out, errOut := bertvec(t, "neighbors", "--vectors", dir, "-k", "4", "王", "女")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	searchGoldenFile(t, "neighbors-static.txt", out)

	// --json: one object per word; the word itself first unless excluded.
	for _, exclude := range []bool{false, true} {
		args := []string{"neighbors", "--vectors", dir, "--kind", "dynamic", "--json", "-k", "5", "王", "子", "女王国"}
		if exclude {
			args = append(args, "--exclude-query")
		}
		code, out, errOut := bertvec(t, args...)
		if code != 0 || !strings.Contains(errOut, "女王国") {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		var got []neighborsOut
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			var n neighborsOut
			if err := json.Unmarshal(sc.Bytes(), &n); err != nil {
				t.Fatal(err)
			}
			got = append(got, n)
		}
		if len(got) != 3 {
			t.Fatalf("%d objects: %s", len(got), out)
		}
		for _, n := range got[:2] {
			if n.Kind != "dynamic" || n.Metric != "l2" || len(n.Results) != 5 {
				t.Errorf("%+v", n)
			}
			self := n.Results[0].Token == n.Word && n.Results[0].Distance == 0
			if self == exclude {
				t.Errorf("exclude=%v: %s's first neighbour is %+v", exclude, n.Word, n.Results[0])
			}
			for _, r := range n.Results {
				if exclude && r.Token == n.Word {
					t.Errorf("%s not excluded", n.Word)
				}
			}
		}
		// The split word's pieces (女王, ##国) are its query ids.
		for _, r := range got[2].Results {
			if exclude && (r.Token == "女王" || r.Token == "##国") {
				t.Errorf("piece %s not excluded", r.Token)
			}
		}
	}
}
