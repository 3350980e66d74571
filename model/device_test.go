package model

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseDevice(t *testing.T) {
	tests := []struct {
		in   string
		want Device
		ok   bool
	}{
		{"cpu", Device{Kind: CPU}, true},
		{" CPU ", Device{Kind: CPU}, true},
		{"cuda", Device{Kind: CUDA}, true},
		{"cuda:0", Device{Kind: CUDA}, true},
		{"cuda:3", Device{Kind: CUDA, Index: 3}, true},
		{"cuda:", Device{}, false},
		{"cuda:-1", Device{}, false},
		{"cuda:x", Device{}, false},
		{"tpu", Device{}, false},
		{"", Device{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDevice(tt.in)
		if tt.ok != (err == nil) {
			t.Errorf("ParseDevice(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if err != nil && !errors.Is(err, ErrDevice) {
			t.Errorf("ParseDevice(%q) error %v is not ErrDevice", tt.in, err)
		}
		if got != tt.want {
			t.Errorf("ParseDevice(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseDevices(t *testing.T) {
	got, err := ParseDevices("cuda:0,cuda:1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Device{{Kind: CUDA}, {Kind: CUDA, Index: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"cuda:0,cuda:0", "cpu,", ",cpu", "cpu,tpu"} {
		if _, err := ParseDevices(bad); err == nil {
			t.Errorf("ParseDevices(%q) succeeded, want error", bad)
		}
	}
	if s := (Device{Kind: CUDA, Index: 2}).String(); s != "cuda:2" {
		t.Errorf("String() = %q", s)
	}
}

// FuzzParseDevices: any string parses to devices that print back to what
// parses to the same devices, or fails with ErrDevice; it never panics.
func FuzzParseDevices(f *testing.F) {
	for _, s := range []string{"cpu", "cuda", "cuda:0,cuda:1", "cuda:", "gpu", " CPU ", "cuda:99999999999999999999", ",", "cuda:0,cuda:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		devs, err := ParseDevices(s)
		if err != nil {
			if !errors.Is(err, ErrDevice) {
				t.Fatalf("ParseDevices(%q): error %v is not ErrDevice", s, err)
			}
			return
		}
		for _, d := range devs {
			back, err := ParseDevice(d.String())
			if err != nil || back != d {
				t.Fatalf("ParseDevices(%q): %v does not round-trip (%v, %v)", s, d, back, err)
			}
		}
	})
}
