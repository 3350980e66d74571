package main

import (
	"strings"
	"testing"
)

func TestParseGoMod(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     GoMod
		ok       bool
	}{
		{"block require", "module x\n\ngo 1.26.8\n\nrequire (\n\tgithub.com/sugarme/gotch v0.9.1 // indirect\n)\n",
			GoMod{Go: "1.26.8", GotchVersion: "v0.9.1"}, true},
		{"single require and toolchain", "module x\ngo 1.22\ntoolchain go1.22.3\nrequire github.com/sugarme/gotch v0.9.2\n",
			GoMod{Go: "1.22", Toolchain: "go1.22.3", GotchVersion: "v0.9.2"}, true},
		{"no gotch", "module x\ngo 1.26.8\nrequire github.com/sugarme/gotchx v0.1.0\n", GoMod{Go: "1.26.8"}, false},
		{"no go line", "module x\nrequire github.com/sugarme/gotch v0.9.1\n", GoMod{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseGoMod([]byte(tc.in))
			if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
				t.Fatalf("got %+v, %v; want %+v, ok %t", got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestWorkFile(t *testing.T) {
	got := string(WorkFile(GoMod{Go: "1.26.8", GotchVersion: "v0.9.1"}, "build/gotch"))
	body := got[strings.Index(got, "\ngo "):]
	if want := "\ngo 1.26.8\n\nuse .\n\nreplace github.com/sugarme/gotch v0.9.1 => ./build/gotch\n"; body != want {
		t.Fatalf("got\n%s\nwant body\n%s", got, want)
	}
	withTC := string(WorkFile(GoMod{Go: "1.22", Toolchain: "go1.22.3", GotchVersion: "v0.9.1"}, "build/gotch"))
	if !strings.Contains(withTC, "\ngo 1.22\n\ntoolchain go1.22.3\n") {
		t.Fatalf("toolchain line missing:\n%s", withTC)
	}
}
