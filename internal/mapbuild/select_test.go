package mapbuild

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vocab"
)

func TestParseIDList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		err  string
	}{
		{"1 2 3", []int{1, 2, 3}, ""},
		{"3,1\r\n2\t3 # a comment 4\n#5\n", []int{3, 1, 2}, ""},
		{"", nil, "no ids"},
		{"# nothing\n\n", nil, "no ids"},
		{"1\n-2", nil, "f:2: id -2 is outside"},
		{"1 1.5", nil, `f:1: "1.5" is not an id`},
	} {
		got, err := ParseIDList(strings.NewReader(tc.in), "f", 10)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: got %v, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func FuzzParseIDList(f *testing.F) {
	f.Add("1 2 3\n")
	f.Add("# c\n4,5,,6 # x\r\n")
	f.Add("99999999999999999999")
	f.Add("-0 +3 0x10")
	f.Fuzz(func(t *testing.T, in string) {
		ids, err := ParseIDList(strings.NewReader(in), "f", 50)
		if err != nil {
			return
		}
		if len(ids) == 0 {
			t.Fatal("no error and no ids")
		}
		seen := map[int]bool{}
		for _, id := range ids {
			if id < 0 || id >= 50 || seen[id] {
				t.Fatalf("bad or repeated id %d in %v", id, ids)
			}
			seen[id] = true
		}
	})
}

func TestSelectionIDs(t *testing.T) {
	voc, err := vocab.Read(strings.NewReader("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n王\n男\n女\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		sel     Selection
		want    []int
		err     string
		request bool // the error matches ErrRequest
	}{
		{"first", Selection{By: ByFirst, First: 3}, []int{0, 1, 2}, "", false},
		{"first too large", Selection{By: ByFirst, First: 9}, nil, "first 9 is more than the 8 tokens in vocab.txt", true},
		{"words", Selection{By: ByWords, Words: "女, 王,,女"}, []int{7, 5}, "", false},
		{"unknown words", Selection{By: ByWords, Words: "王,犬,x"}, nil, `words: not in vocab.txt: "犬", "x"`, true},
		{"missing id file", Selection{By: ByIDFile, IDFile: "/no/such/ids.txt"}, nil, "ids: open /no/such/ids.txt", false},
		{"default: all of a vocabulary under DefaultFirst", Selection{By: ByDefault}, []int{0, 1, 2, 3, 4, 5, 6, 7}, "", false},
		{"no selection", Selection{}, nil, "want ByFirst, ByWords or ByIDFile", false},
	} {
		got, err := tc.sel.IDs(voc)
		if tc.err == "" {
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "--") {
			t.Errorf("%s: got %v, %v; want error %q, naming no flag", tc.name, got, err, tc.err)
		}
		if errors.Is(err, ErrRequest) != tc.request {
			t.Errorf("%s: errors.Is(%v, ErrRequest) = %v, want %v", tc.name, err, !tc.request, tc.request)
		}
	}
}

// The default selection is the first DefaultFirst ids of a large vocabulary.
func TestSelectionDefaultFirst(t *testing.T) {
	var b strings.Builder
	b.WriteString("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n")
	for i := range DefaultFirst {
		fmt.Fprintf(&b, "t%d\n", i)
	}
	voc, err := vocab.Read(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := Selection{By: ByDefault}.IDs(voc)
	if err != nil || len(ids) != 3000 || ids[0] != 0 || ids[2999] != 2999 {
		t.Errorf("got %d ids, %v", len(ids), err)
	}
}
