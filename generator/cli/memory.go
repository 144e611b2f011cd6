package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A build keeps every story's metadata in memory and makes garbage as fast
// as it renders pages. Go's collector, left to its default (GOGC=100), lets
// the heap grow to twice what is live before it collects: at 100,000
// stories, 180 MB of metadata and pages in flight made a 480 MiB process.
// Builds and the preview server hold the process to a soft memory limit
// instead (runtime/debug.SetMemoryLimit) that follows the archive, set
// again after every collection from the live heap it found.
//
// What a collection costs is the live heap it marks; how often it runs is
// the room between the live heap and the limit. With the room a fixed
// share of the live heap, the collector's work grows as the archive does;
// with less room, faster. A build that renders every page (no build cache
// to start from) and the preview server hold to renderMemory:
//
//   - never below 240 MiB, so that an archive whose metadata fits in it
//     (about 100,000 stories, 150 MB live) builds in 256 MiB: the room
//     there is seven tenths of the live heap;
//   - above it, 1.5 times the live heap, about the same room for a larger
//     archive: at 300,000 stories (420 MB live) a limit of 1.25 times the
//     live heap made the collector take a third of the build's CPU time,
//     462 collections and 451 s of CPU against 167 and 267 s at 1.5 times
//     (not more: at the end of a 100,000-story build 161 MB is live, and
//     1.6 times that made its peak 257 MiB);
//   - but not above 1.75 GiB, so that a million stories (1.3 GiB live)
//     build in under 2 GiB, with less room and more collections;
//   - and never below 1.25 times the live heap, so that a larger archive
//     still has room to render.
//
// A build from the cache runs for a second, mostly decoding what it keeps,
// and allocates little beside it. Go's pacing (GOGC=100) collects at once
// after the decoding (the heap has grown from nothing) and again when it has
// doubled: at 100,000 stories two collections of some 150 MB live each, a
// sixth of such a build's CPU time for nothing returned that matters. It
// holds to cacheMemory, with the collector paced by the limit alone (gcOff,
// as under GOGC=off): no collection below 512 MiB, so that 100,000 stories
// build from the cache without one (a peak of about 345 MiB, the mapped
// cache counted); twice the live heap above that, as far as 1 GiB (under
// renderMemory's floor such a build took 1.4 s instead of 1.0 s at 100,000
// stories); and 1.15 times the live heap beyond (at a million stories its
// heap grew to 3.5 GiB under Go's pacing; such a build allocates little
// once the cache is loaded, so a small margin costs it a few collections).
// A build from the cache that renders every page (after a change of
// baseof.html, say) holds to it too.
// GOMEMLIMIT or GOGC in the environment turn the policy off: the user's
// settings hold.
type memoryPolicy struct {
	floor   int64   // the limit is never below floor,
	least   float64 // nor below least times the live heap,
	growth  float64 // nor below growth times the live heap
	ceiling int64   // as far as ceiling;
	gcOff   bool    // with gcOff, only the limit starts a collection.
}

var (
	renderMemory = memoryPolicy{floor: 240 << 20, least: 1.25, growth: 1.5, ceiling: 1792 << 20}
	cacheMemory  = memoryPolicy{floor: 512 << 20, least: 1.15, growth: 2, ceiling: 1 << 30, gcOff: true}
)

// limit returns the soft limit for a live heap of live bytes.
func (p memoryPolicy) limit(live uint64) int64 {
	l := float64(live)
	return max(p.floor, int64(l*p.least), min(int64(l*p.growth), p.ceiling))
}

// memoryHold is holdMemory, or what a test puts in its place.
var memoryHold = holdMemory

// holdMemory sets the soft memory limit of the policy (and turns Go's
// pacing off when the policy says so), and after every collection sets the
// limit again from the live heap the collection found, until stop is
// called, which restores the limit and the pacing it found.
func holdMemory(p memoryPolicy) (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return func() {}
	}
	before := debug.SetMemoryLimit(-1)
	var mu sync.Mutex
	held := true
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	follow := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if held {
			metrics.Read(sample)
			debug.SetMemoryLimit(p.limit(sample[0].Value.Uint64()))
		}
		return held
	}
	follow()
	percent := 0
	if p.gcOff {
		percent = debug.SetGCPercent(-1) // the limit is set: it paces the collector
	}
	afterEveryGC(follow)
	return func() {
		mu.Lock()
		defer mu.Unlock()
		held = false
		debug.SetMemoryLimit(before)
		if p.gcOff {
			debug.SetGCPercent(percent)
		}
	}
}

// afterEveryGC calls f after each collection for as long as f returns
// true: a cleanup on an object nothing refers to runs once a collection
// has found it unreachable, and each call arms the next. (Nothing polls:
// an idle preview server is not woken.)
func afterEveryGC(f func() bool) {
	runtime.AddCleanup(new(gcSentinel), func(f func() bool) {
		if f() {
			afterEveryGC(f)
		}
	}, f)
}

// gcSentinel is large enough not to share a tiny allocation block, whose
// objects may never be cleaned up.
type gcSentinel [32]byte
