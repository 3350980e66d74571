package main

import (
	"bytes"
	"sort"
	"testing"
)

func FuzzParseWrappers(f *testing.F) {
	f.Add(readFixture(f, "generated.cpp.h"))
	f.Add(readFixture(f, "stubbed.cpp.h"))
	f.Add([]byte("void atg_x(tensor self) {\n  PROTECT(\n  )\n"))
	f.Add([]byte("int atg_y() {\r\n  PROTECT(\r\n    return 1;\r\n  )\r\n  return 0;\r\n}\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		ws, err := ParseWrappers(src)
		if err != nil {
			return
		}
		all := map[string]bool{}
		for i, w := range ws {
			if w.First >= w.Last || i > 0 && ws[i-1].Last >= w.First {
				t.Fatalf("wrapper %d out of order: %+v", i, w)
			}
			if w.Protect != 0 && w.ProtectClose != 0 {
				if !(w.First < w.Protect && w.Protect < w.ProtectClose && w.ProtectClose < w.Last) {
					t.Fatalf("PROTECT outside its wrapper: %+v", w)
				}
				all[w.Name] = true
			}
		}
		same, _, err := Stub(src, nil)
		if err != nil || !bytes.Equal(same, src) {
			t.Fatalf("stubbing nothing: err %v, changed %t", err, !bytes.Equal(same, src))
		}
		if len(all) != len(ws) {
			return // duplicate names or wrappers without PROTECT
		}
		out, names, err := Stub(src, all)
		if err != nil {
			t.Fatalf("stubbing every wrapper: %v", err)
		}
		again, err := ParseWrappers(out)
		if err != nil || len(again) != len(ws) {
			t.Fatalf("stubbed file reparses to %d wrappers (err %v), want %d", len(again), err, len(ws))
		}
		if !sort.StringsAreSorted(names) {
			t.Fatalf("names not sorted: %v", names)
		}
	})
}

func FuzzParseDiagnostics(f *testing.F) {
	f.Add(readFixture(f, "gxx-fake-errors.txt"))
	f.Add([]byte("torch_api_generated.cpp.h:99999999999999999999:1: error: x\n"))
	f.Add([]byte("x.h: In function ‘void atg_(’:\n"))
	f.Fuzz(func(t *testing.T, out []byte) {
		d := ParseDiagnostics(out)
		for i := 1; i < len(d.Lines); i++ {
			if d.Lines[i-1] >= d.Lines[i] {
				t.Fatalf("lines not sorted and unique: %v", d.Lines)
			}
		}
		if d.Errors == 0 && d.First != "" || d.Errors > 0 && d.First == "" {
			t.Fatalf("errors %d but first %q", d.Errors, d.First)
		}
		for _, n := range d.Named {
			if !isWrapperName(n) {
				t.Fatalf("named %q is no wrapper name", n)
			}
		}
	})
}

func FuzzParseStubList(f *testing.F) {
	f.Add([]byte("# comment\natg_a\n\n atg_b \nnot\n"))
	f.Add([]byte("atg_\xff\natg__x_y9"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, n := range ParseStubList(b) {
			if !isWrapperName(n) {
				t.Fatalf("%q is no wrapper name", n)
			}
		}
	})
}

func FuzzParseGoMod(f *testing.F) {
	f.Add([]byte("module x\n\ngo 1.26.8\n\nrequire (\n\tgithub.com/sugarme/gotch v0.9.1 // indirect\n)\n"))
	f.Add([]byte("go 1.22\ntoolchain go1.22.3\nrequire github.com/sugarme/gotch v0.9.2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseGoMod(b)
		if err == nil && (m.Go == "" || m.GotchVersion == "" || m.GotchVersion[0] != 'v') {
			t.Fatalf("accepted %+v", m)
		}
	})
}

func FuzzParseVersionH(f *testing.F) {
	f.Add([]byte(versionH(1, 13, 0)))
	f.Add([]byte("#define TORCH_VERSION_MAJOR 2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseVersionH(b)
		if err == nil && bytes.Count([]byte(v), []byte(".")) != 2 {
			t.Fatalf("version %q", v)
		}
	})
}
