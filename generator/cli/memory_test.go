package cli

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"
)

// TestMemoryLimitFollowsTheHeap: the soft limit is the floor for a small
// archive and grows with the live heap of a large one, by a share of it
// that shrinks at the ceiling.
func TestMemoryLimitFollowsTheHeap(t *testing.T) {
	for _, tc := range []struct {
		p    memoryPolicy
		live uint64
		want int64
	}{
		{renderMemory, 0, 240 << 20},
		{renderMemory, 100 << 20, 240 << 20},
		{renderMemory, 160 << 20, 240 << 20},
		{renderMemory, 200 << 20, 300 << 20},
		{renderMemory, 1000 << 20, 1500 << 20},
		{renderMemory, 1200 << 20, 1792 << 20},
		{renderMemory, 1400 << 20, 1792 << 20},
		{renderMemory, 1600 << 20, 2000 << 20},
		{renderMemory, 4 << 30, 5 << 30},
		{cacheMemory, 100 << 20, 512 << 20},
		{cacheMemory, 300 << 20, 600 << 20},
		{cacheMemory, 800 << 20, 1 << 30},
		{cacheMemory, 2000 << 20, 2300 << 20},
	} {
		if got := tc.p.limit(tc.live); got != tc.want {
			t.Errorf("%+v: limit(%d MiB) = %d MiB, want %d MiB", tc.p, tc.live>>20, got>>20, tc.want>>20)
		}
	}
}

// TestHoldMemory: a command runs under the soft limit, and the limit it
// found is back when the command ends.
func TestHoldMemory(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before := debug.SetMemoryLimit(-1)
	stop := holdMemory(renderMemory)
	held := debug.SetMemoryLimit(-1)
	stop()
	if held < renderMemory.floor || held == math.MaxInt64 {
		t.Errorf("limit while held: %d", held)
	}
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("limit after: %d, want %d as before", after, before)
	}
}

// TestHoldMemoryPacesByTheLimit: a build from the cache runs with Go's
// pacing off (only the limit starts a collection), and the pacing is back
// when it ends; a build that renders everything keeps the pacing.
func TestHoldMemoryPacesByTheLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for _, tc := range []struct {
		p    memoryPolicy
		want int
	}{{cacheMemory, -1}, {renderMemory, 100}} {
		stop := holdMemory(tc.p)
		held := debug.SetGCPercent(-1)
		debug.SetGCPercent(held)
		stop()
		if held != tc.want {
			t.Errorf("%+v: GOGC while held: %d, want %d", tc.p, held, tc.want)
		}
		if after := debug.SetGCPercent(100); after != 100 {
			t.Errorf("%+v: GOGC after: %d, want 100 as before", tc.p, after)
		}
	}
}

// TestHoldMemoryLeavesTheUsersSettings: GOMEMLIMIT or GOGC in the
// environment is the user's choice, and the commands leave it alone.
func TestHoldMemoryLeavesTheUsersSettings(t *testing.T) {
	for _, env := range []string{"GOMEMLIMIT", "GOGC"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv("GOGC", "")
			t.Setenv(env, "1000") // read by the runtime at start only: the setting here is what holdMemory sees
			before := debug.SetMemoryLimit(-1)
			stop := holdMemory(renderMemory)
			held := debug.SetMemoryLimit(-1)
			stop()
			if held != before {
				t.Errorf("with %s set, the limit moved from %d to %d", env, before, held)
			}
		})
	}
}

// TestLimitFollowsEveryCollection: the limit is set again after each
// collection, from the live heap it found.
func TestLimitFollowsEveryCollection(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	stop := holdMemory(renderMemory)
	defer stop()
	debug.SetMemoryLimit(math.MaxInt64 - 1) // a value holdMemory never sets
	for range 50 {
		runtime.GC()
		if debug.SetMemoryLimit(-1) != math.MaxInt64-1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Error("no collection set the limit again")
}

// TestBuildsHoldMemory: a build that renders every page runs under the
// limit from the start; a build from the cache under cacheMemory's; and
// each releases what it held.
func TestBuildsHoldMemory(t *testing.T) {
	var floors []memoryPolicy
	holding := 0
	memoryHold = func(p memoryPolicy) func() {
		floors = append(floors, p)
		holding++
		return func() { holding-- }
	}
	t.Cleanup(func() { memoryHold = holdMemory })
	site := writeArchive(t, archiveTxtar)
	for i, want := range [][]memoryPolicy{{cacheMemory, renderMemory}, {cacheMemory}} {
		floors = nil
		if _, stderr, code := run(t, "build", "-s", site); code != 0 {
			t.Fatalf("build %d: %s", i+1, stderr)
		}
		if !slices.Equal(floors, want) || holding != 0 {
			t.Errorf("build %d held the limit with %+v, want %+v; %d holds not released", i+1, floors, want, holding)
		}
		os.Remove(filepath.Join(site, ".dateline", "stamp.json")) // the next build starts from the cache
	}
}
