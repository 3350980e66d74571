//go:build !amd64 || purego

package search

var (
	dot     = dotGo
	l2sq    = l2sqGo
	dotI8   = dotI8Go
	dots2x4 = dots2x4Go
	dotsCut = dotsCutGo
	// haveSIMD reports vector kernels; without them the quantized scan is
	// slower than the exact one, so Search does not use it.
	haveSIMD = false
)
