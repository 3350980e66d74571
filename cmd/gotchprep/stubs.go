package main

import (
	"embed"
	"strings"
)

// stubFS holds the committed lists of wrappers known not to compile, one
// file per libtorch major.minor: stubs/libtorch-1.13.txt.
//
//go:embed stubs/*.txt
var stubFS embed.FS

// KnownStubs returns the committed stub list for a libtorch version
// ("1.13.0" reads stubs/libtorch-1.13.txt), its raw bytes and its name;
// all empty when there is none.
func KnownStubs(version string) (names []string, raw []byte, file string) {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return nil, nil, ""
	}
	file = "stubs/libtorch-" + parts[0] + "." + parts[1] + ".txt"
	raw, err := stubFS.ReadFile(file)
	if err != nil {
		return nil, nil, ""
	}
	return ParseStubList(raw), raw, file
}

// ParseStubList reads one wrapper name a line; blank lines and lines
// starting with # are skipped, and so is anything that is not an atg_ name.
func ParseStubList(b []byte) []string {
	var names []string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") || !isWrapperName(l) {
			continue
		}
		names = append(names, l)
	}
	return names
}

func isWrapperName(s string) bool {
	if !strings.HasPrefix(s, "atg_") {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
