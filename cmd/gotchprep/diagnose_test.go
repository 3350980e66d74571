package main

import (
	"reflect"
	"testing"
)

func TestParseDiagnosticsFake(t *testing.T) {
	d := ParseDiagnostics(readFixture(t, "gxx-fake-errors.txt"))
	if want := []int{2, 12, 23}; !reflect.DeepEqual(d.Lines, want) {
		t.Errorf("lines %v, want %v", d.Lines, want)
	}
	if want := []string{"atg__dimi"}; !reflect.DeepEqual(d.Named, want) {
		t.Errorf("named %v, want %v", d.Named, want)
	}
	if d.Errors != 3 {
		t.Errorf("errors %d, want 3", d.Errors)
	}
	if want := "torch_api_generated.cpp.h:12:19: error: '_dimi' is not a member of 'torch'"; d.First != want {
		t.Errorf("first %q, want %q", d.First, want)
	}
}

func TestFailingWrappers(t *testing.T) {
	ws, err := ParseWrappers(readFixture(t, "generated.cpp.h"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		d         Diagnosis
		want      []string
		wantStray []int
	}{
		{"fake g++ output", ParseDiagnostics(readFixture(t, "gxx-fake-errors.txt")),
			[]string{"atg__dimi", "atg_split"}, []int{2}},
		{"first and last line of a wrapper", Diagnosis{Lines: []int{3, 35}},
			[]string{"atg_abs", "atg_zeros"}, nil},
		{"between wrappers and past the end", Diagnosis{Lines: []int{9, 16, 36, 1000}},
			nil, []int{9, 16, 36, 1000}},
		{"named only, unknown names dropped", Diagnosis{Named: []string{"atg_zeros", "atg_gone"}},
			[]string{"atg_zeros"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, stray := FailingWrappers(ws, tc.d)
			if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(stray, tc.wantStray) {
				t.Fatalf("got %v stray %v, want %v stray %v", got, stray, tc.want, tc.wantStray)
			}
		})
	}
}

// TestCommittedListMatchesRealErrors ties stubs/libtorch-1.13.txt to what
// g++ really said about pristine gotch against Debian's libtorch 1.13.1
// (testdata/gotchprep/gxx-1.13-errors.txt, locale quotes and template
// "required from here" lines included).
func TestCommittedListMatchesRealErrors(t *testing.T) {
	gomod, err := ParseGoMod(readFile(t, "../../go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if gomod.GotchVersion != "v0.9.1" {
		t.Fatalf("the captured errors are for gotch v0.9.1; go.mod has %s: recapture them", gomod.GotchVersion)
	}
	dir, _, err := downloadModule("../..", gomod.GotchVersion)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := ParseWrappers(readFile(t, dir+"/libtch/"+generatedFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2525 {
		t.Fatalf("parsed %d wrappers in gotch v0.9.1, want 2525", len(ws))
	}
	got, stray := FailingWrappers(ws, ParseDiagnostics(readFixture(t, "gxx-1.13-errors.txt")))
	if len(stray) != 0 {
		t.Fatalf("stray lines %v", stray)
	}
	want, _, _ := KnownStubs("1.13.0")
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("errors map to %d wrappers, the committed list has %d\nonly in errors: %v\nonly in list: %v",
			len(got), len(want), difference(got, want), difference(want, got))
	}
}
