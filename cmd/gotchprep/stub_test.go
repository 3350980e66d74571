package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fixtures is the shared testdata directory for this command.
const fixtures = "../../testdata/gotchprep"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	return readFile(t, filepath.Join(fixtures, name))
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseWrappers(t *testing.T) {
	ws, err := ParseWrappers(readFixture(t, "generated.cpp.h"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Wrapper{
		{Name: "atg_abs", First: 3, Last: 8, Protect: 4, ProtectClose: 7},
		{Name: "atg__dimi", First: 10, Last: 15, Protect: 11, ProtectClose: 13},
		{Name: "atg_split", First: 17, Last: 28, Protect: 18, ProtectClose: 26},
		{Name: "atg_zeros", First: 30, Last: 35, Protect: 31, ProtectClose: 34},
	}
	if !reflect.DeepEqual(ws, want) {
		t.Fatalf("got  %+v\nwant %+v", ws, want)
	}
}

func TestParseWrappersUnclosed(t *testing.T) {
	_, err := ParseWrappers([]byte("void atg_x(tensor self) {\n  PROTECT(\n  )\n"))
	if !errors.Is(err, ErrWrapperShape) {
		t.Fatalf("err = %v, want ErrWrapperShape", err)
	}
}

func TestStubGolden(t *testing.T) {
	src := readFixture(t, "generated.cpp.h")
	got, names, err := Stub(src, map[string]bool{"atg_split": true, "atg__dimi": true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"atg__dimi", "atg_split"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("stubbed %v, want %v", names, want)
	}
	if want := readFixture(t, "stubbed.cpp.h"); !bytes.Equal(got, want) {
		t.Fatalf("stubbed output differs from %s/stubbed.cpp.h:\n%s", fixtures, got)
	}
}

func TestStubNoneIsIdentity(t *testing.T) {
	src := readFixture(t, "generated.cpp.h")
	got, names, err := Stub(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 0 || !bytes.Equal(got, src) {
		t.Fatalf("stubbing nothing changed the file (names %v)", names)
	}
}

func TestStubErrors(t *testing.T) {
	src := readFixture(t, "generated.cpp.h")
	if _, _, err := Stub(src, map[string]bool{"atg_abs": true, "atg_nope": true}); err == nil || !strings.Contains(err.Error(), "atg_nope") {
		t.Fatalf("unknown name: err = %v, want one naming atg_nope", err)
	}
	noProtect := []byte("void atg_x(tensor self) {\n  torch::abs(*self);\n}\n")
	if _, _, err := Stub(noProtect, map[string]bool{"atg_x": true}); !errors.Is(err, ErrWrapperShape) {
		t.Fatalf("no PROTECT: err = %v, want ErrWrapperShape", err)
	}
}

func TestParseStubList(t *testing.T) {
	got := ParseStubList([]byte("# comment\n\natg_a\n  atg__b_  \nnot_a_wrapper\natg_c d\natg_D9\n"))
	if want := []string{"atg_a", "atg__b_", "atg_D9"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestKnownStubs(t *testing.T) {
	names, raw, file := KnownStubs("1.13.1")
	if file != "stubs/libtorch-1.13.txt" || len(raw) == 0 || len(names) < 100 {
		t.Fatalf("1.13.1: file %q, %d bytes, %d names", file, len(raw), len(names))
	}
	if names, raw, file := KnownStubs("2.1.0"); names != nil || raw != nil || file != "" {
		t.Fatalf("2.1.0 has no list, got %q with %d names", file, len(names))
	}
}
