package cli

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestPrepareHeap: after prepareHeap, what a build allocates lands in heap
// the kernel was asked to back with huge pages. It fails when Go stops
// reusing the freed range first, or the advice is lost. It runs in a
// process of its own, whose heap is as new as a build's: in this one, the
// free pages earlier tests left would take the first allocations.
func TestPrepareHeap(t *testing.T) {
	if !hugePagesWhenAsked() {
		t.Skip("the kernel gives huge pages to all memory or none, not when asked: prepareHeap does nothing")
	}
	if os.Getenv("DATELINE_TEST_PREPARE_HEAP") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPrepareHeap$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DATELINE_TEST_PREPARE_HEAP=1")
		if out, err := cmd.CombinedOutput(); err != nil || !bytes.Contains(out, []byte("PASS")) {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	prepareHeap(32 << 20) // a 96 MiB range
	// 64 MiB in small objects, as a build allocates: the first of them may
	// fill free pages below the range, the rest must go into it.
	var kept [][]byte
	for range 16384 {
		kept = append(kept, make([]byte, 4096))
	}
	// The advised range that holds the most of them must be the prepared
	// one: none may lie above it.
	var addrs []uint64
	for _, b := range kept {
		addrs = append(addrs, uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b)))))
	}
	var best [2]uint64
	in := 0
	for _, r := range hugePageRanges(t) {
		n := 0
		for _, p := range addrs {
			if r[0] <= p && p < r[1] {
				n++
			}
		}
		if n > in {
			best, in = r, n
		}
	}
	above := 0
	for _, p := range addrs {
		if in > 0 && p >= best[1] {
			above++
		}
	}
	if in < len(kept)/3 || above > 0 {
		t.Errorf("of %d allocations, %d in heap advised for huge pages (%x), %d above it", len(kept), in, best, above)
	}
}

// hugePageRanges returns the process's mappings advised for huge pages (hg
// among their VmFlags in /proc/self/smaps).
func hugePageRanges(t *testing.T) (ranges [][2]uint64) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var cur [2]uint64
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if lo, hi, ok := strings.Cut(strings.Fields(line)[0], "-"); ok && !strings.HasSuffix(lo, ":") {
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				cur = [2]uint64{a, b}
				continue
			}
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && strings.Contains(" "+flags+" ", " hg ") {
			ranges = append(ranges, cur)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return ranges
}
