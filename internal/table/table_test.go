package table

import "testing"

func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"token", 5},
		{"女王", 4},
		{"##国", 4},
		{"ＡＢ", 4}, // full-width Latin
		{"ｱｲ", 2}, // half-width katakana
		{"[UNK]王", 7},
		{"é", 1},
	} {
		if got := Width(tc.s); got != tc.want {
			t.Errorf("Width(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestPad(t *testing.T) {
	for _, tc := range []struct {
		s    string
		w    int
		want string
	}{
		{"王", 5, "王   "},
		{"ab", 5, "ab   "},
		{"女王国", 4, "女王国"}, // wider than w: unchanged
		{"", 2, "  "},
	} {
		if got := Pad(tc.s, tc.w); got != tc.want {
			t.Errorf("Pad(%q, %d) = %q, want %q", tc.s, tc.w, got, tc.want)
		}
	}
}
