//go:build !linux

package pipeline

// preallocate sizes f; without fallocate the blocks are claimed on write.
func preallocate(f file, size int64) error { return f.Truncate(size) }
