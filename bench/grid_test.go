package bench

import (
	"errors"
	"slices"
	"testing"

	"github.com/bertvec/bertvec/model"
)

func TestParseList(t *testing.T) {
	got, err := ParseList(" 64, 256,64,512")
	if err != nil || !slices.Equal(got, []int{64, 256, 512}) {
		t.Errorf("ParseList = %v, %v", got, err)
	}
	for _, bad := range []string{"", " ", "0", "64,,256", "-1", "x", "1.5"} {
		if _, err := ParseList(bad); !errors.Is(err, ErrGrid) {
			t.Errorf("ParseList(%q) = %v, want ErrGrid", bad, err)
		}
	}
}

func TestGrid(t *testing.T) {
	g := Grid([]int{64, 256}, []int{1, 2}, []int{1})
	want := []Setting{{64, 1, 1}, {256, 1, 1}, {64, 2, 1}, {256, 2, 1}}
	if !slices.Equal(g, want) {
		t.Errorf("Grid = %v", g)
	}
	if f := want[3].Flags(); f != "--batch 256 --workers 2 --threads 1" {
		t.Errorf("Flags = %q", f)
	}
}

// TestPlan: one model copy per device, Workers lanes on each.
func TestPlan(t *testing.T) {
	devs, err := model.ParseDevices("cuda:0,cuda:1")
	if err != nil {
		t.Fatal(err)
	}
	got := plan(devs, 2)
	if !slices.Equal(got, []lane{{0}, {0}, {1}, {1}}) {
		t.Errorf("plan = %v", got)
	}
	if got := plan(devs[:1], 3); len(got) != 3 {
		t.Errorf("plan of one device = %v", got)
	}
	if _, err := parseDevices([]string{"cuda:x"}); !errors.Is(err, model.ErrDevice) {
		t.Errorf("parseDevices = %v", err)
	}
}
