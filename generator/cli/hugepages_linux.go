package cli

import (
	"bytes"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// A build from the cache allocates a few hundred megabytes in a second and
// keeps most of it (the archive's metadata). Each 4 KiB page of it costs
// the kernel a page fault and a zeroing the first time it is touched: on
// the development machine (a virtual one) about a third of such a build's
// time at 100,000 stories. Go maps its heap without asking for huge pages,
// and where the kernel gives them only when asked (transparent_hugepage
// "madvise", as there) every page faults alone.
//
// prepareHeap maps heap at once for a build from a cache of the given size
// and asks for huge pages there (MADV_HUGEPAGE: 2 MiB faulted and zeroed in
// one go), then frees it: Go's page allocator takes the lowest free pages
// first, so the build's allocations fill that range before the heap grows
// beyond it. Pages never touched stay unbacked, and a range the memory
// limit wants back is given back (its advice stays). Where Go places its
// heap otherwise, this costs a collection of a heap that has barely
// started, and changes nothing; where the kernel gives huge pages to all
// memory, or to none, or the range would be small, it does nothing.
//
// Such a build allocates about two and a half times the cache's size (at
// 100,000 stories, 225 MB for an 89 MB cache). The range is three times
// the cache's size, but at most 256 MiB, half the floor of cacheMemory's
// limit, so that its free pages never count for much against that limit.
func prepareHeap(cacheSize int64) {
	n := min(3*cacheSize, 256<<20)
	if n < 16<<20 || !hugePagesWhenAsked() {
		return
	}
	func() {
		b := make([]byte, n) // (fresh pages: Go does not write them to zero them)
		_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
	}()
	runtime.GC()
}

// hugePagesWhenAsked reports whether the kernel gives transparent huge
// pages to memory advised so, and only to that.
func hugePagesWhenAsked() bool {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(mode, []byte("[madvise]"))
}
