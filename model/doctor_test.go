package model

import (
	"strings"
	"testing"
)

func TestDiagnose(t *testing.T) {
	cpu := RuntimeInfo{Libtorch: true, Version: "1.13.0", IntraOpThreads: 1, InterOpThreads: 2, BLAS: "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3", BLASKind: BLASOpenBLAS, BLASThreads: 2}
	tests := []struct {
		name   string
		r      RuntimeInfo
		gpus   []GPU
		check  string
		ok     bool
		remedy string
	}{
		{"healthy cpu box", cpu, nil, "blas", true, ""},
		{"cpu box without gpus is fine", cpu, nil, "cuda", true, ""},
		{"reference blas", with(cpu, func(r *RuntimeInfo) { r.BLASKind = BLASReference }), nil, "blas", false, "libopenblas0-pthread"},
		{"gpu box, cpu libtorch", cpu, []GPU{{0, "NVIDIA H200", 143771}}, "cuda", false, "LIBTORCH="},
		{"cuda build, no device", with(cpu, func(r *RuntimeInfo) { r.CUDABuild = true }), nil, "cuda", false, "nvidia-smi"},
		{"cuda working", with(cpu, func(r *RuntimeInfo) { r.CUDABuild, r.CUDAAvailable, r.CUDADevices = true, true, 1 }), []GPU{{0, "NVIDIA H200", 143771}}, "cuda", true, ""},
		{"oversubscribed", with(cpu, func(r *RuntimeInfo) { r.IntraOpThreads = 2 }), nil, "threads", false, "oversubscribe"},
		{"no libtorch", RuntimeInfo{}, nil, "libtorch", false, "make build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *Check
			for _, c := range Diagnose(tt.r, tt.gpus, 2) {
				if c.Name == tt.check {
					c := c
					got = &c
				}
			}
			if got == nil {
				t.Fatalf("no %q check", tt.check)
			}
			if got.OK != tt.ok || !strings.Contains(got.Remedy, tt.remedy) {
				t.Fatalf("%s: ok=%v remedy=%q; want ok=%v remedy containing %q", tt.check, got.OK, got.Remedy, tt.ok, tt.remedy)
			}
		})
	}
}

func with(r RuntimeInfo, f func(*RuntimeInfo)) RuntimeInfo {
	f(&r)
	return r
}
