package model

import (
	"reflect"
	"testing"
)

func TestParseGPUs(t *testing.T) {
	in := "0, NVIDIA H200, 143771\n1, NVIDIA A100-SXM4-80GB, 81920\ngarbage line\n\n"
	want := []GPU{{0, "NVIDIA H200", 143771}, {1, "NVIDIA A100-SXM4-80GB", 81920}}
	if got := parseGPUs(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("parseGPUs = %+v, want %+v", got, want)
	}
	if got := parseGPUs(""); got != nil {
		t.Fatalf("parseGPUs(\"\") = %+v, want nil", got)
	}
}
