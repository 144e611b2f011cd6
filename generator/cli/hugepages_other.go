//go:build !linux

package cli

// prepareHeap does nothing where huge pages are not asked for by madvise
// (see hugepages_linux.go).
func prepareHeap(cacheSize int64) {}
