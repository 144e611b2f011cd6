package output

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"dateline/generator/render"
)

// snapshot records every file under dir with its bytes and mtime.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b) + "|" + fi.ModTime().Format(time.RFC3339Nano)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t testing.TB, dir string, pages ...render.Page) Stats {
	t.Helper()
	w, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if err := w.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func page(p, data string) render.Page {
	return render.Page{Path: p, Data: []byte(data), Kind: render.List}
}

func TestWriteOnlyChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	st := write(t, dir, page("index.html", "home"), page("a/b/index.html", "story"), page("old.html", "old"))
	if st.Written != 3 || st.Unchanged != 0 || st.Removed != 0 || !slices.Equal(st.Added, []string{"a/b/index.html", "index.html", "old.html"}) {
		t.Errorf("first build: %+v", st)
	}
	before := snapshot(t, dir)
	time.Sleep(20 * time.Millisecond)
	st = write(t, dir, page("index.html", "home 2"), page("a/b/index.html", "story"))
	if st.Written != 1 || st.Unchanged != 1 || st.Removed != 1 || len(st.Added) != 0 ||
		!slices.Equal(st.Changed, []string{"index.html"}) || !slices.Equal(st.Deleted, []string{"old.html"}) ||
		!slices.Equal(st.Pages, []string{"a/b/index.html", "index.html"}) {
		t.Errorf("second build: %+v", st)
	}
	after := snapshot(t, dir)
	if after["a/b/index.html"] != before["a/b/index.html"] {
		t.Errorf("an unchanged page was rewritten (mtime changed)")
	}
	if !strings.HasPrefix(after["index.html"], "home 2|") {
		t.Errorf("changed page not written: %q", after["index.html"])
	}
	if _, ok := after["old.html"]; ok {
		t.Errorf("stale page not removed")
	}
	if _, err := os.Stat(filepath.Join(dir, staging)); !os.IsNotExist(err) {
		t.Errorf("staging folder left behind")
	}
}

func TestAbortLeavesOutputAsItWas(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("index.html", "home"), page("a/index.html", "a"))
	before := snapshot(t, dir)
	w, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []render.Page{page("index.html", "new home"), page("b/index.html", "b")} {
		if err := w.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("abort changed the output (-before +after):\n%s", diff)
	}
}

func TestRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "thesis.txt"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir); err == nil || !strings.Contains(err.Error(), "was not written by dateline") {
		t.Fatalf("New on a foreign folder: %v", err)
	}
}

func TestKeepsHiddenTopLevel(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("index.html", "home"))
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref"), 0o644); err != nil {
		t.Fatal(err)
	}
	write(t, dir, page("index.html", "home"))
	if _, err := os.Stat(filepath.Join(dir, ".git", "HEAD")); err != nil {
		t.Errorf(".git removed: %v", err)
	}
}

// TestStaleFilesAndEmptiedFoldersGo: without the last build's list of
// files, Commit walks the folder: every file no page is at goes, at any
// depth and in any of the top-level folders the cores share out, and so
// does every folder that leaves empty (one empty before too); a folder
// that still holds a page stays, and Deleted lists the files, sorted.
func TestStaleFilesAndEmptiedFoldersGo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	var first, second []render.Page
	var stale []string
	for i := range 40 {
		story := fmt.Sprintf("bericht-%d/story.html", i)
		embed := fmt.Sprintf("embed/%d/index.html", i)
		first = append(first, page(story, "story"), page(embed, "card"))
		if i%3 == 0 {
			stale = append(stale, story, embed)
		} else {
			second = append(second, page(story, "story"), page(embed, "card"))
		}
	}
	first = append(first, page("a/b/c/index.html", "deep"), page("a/b/keep.html", "kept"),
		page("x/y/z/index.html", "gone"), page("top.html", "top"))
	second = append(second, page("a/b/keep.html", "kept"), page("top.html", "top"))
	stale = append(stale, "a/b/c/index.html", "x/y/z/index.html")
	slices.Sort(stale)
	write(t, dir, first...)
	if err := os.MkdirAll(filepath.Join(dir, "empty", "deeper"), 0o755); err != nil {
		t.Fatal(err)
	}
	st := write(t, dir, second...)
	if !slices.Equal(st.Deleted, stale) {
		t.Errorf("Deleted = %q, want %q", st.Deleted, stale)
	}
	for _, gone := range []string{"a/b/c", "x", "empty", "bericht-0", "embed/3"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there (%v)", gone, err)
		}
	}
	for _, p := range second {
		if b, err := os.ReadFile(filepath.Join(dir, p.Path)); err != nil || string(b) != string(p.Data) {
			t.Errorf("%s: %q, %v", p.Path, b, err)
		}
	}
}

func TestCrashLeftoverIsCleared(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("index.html", "home"))
	if err := os.MkdirAll(filepath.Join(dir, staging), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, staging, "7"), []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	write(t, dir, page("index.html", "home"))
	if _, err := os.Stat(filepath.Join(dir, staging)); !os.IsNotExist(err) {
		t.Errorf("crash leftover not cleared")
	}
}

func TestPageBecomesFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("special", "a file"))
	write(t, dir, page("special/index.html", "now a folder"))
	b, err := os.ReadFile(filepath.Join(dir, "special", "index.html"))
	if err != nil || string(b) != "now a folder" {
		t.Errorf("got %q, %v", b, err)
	}
}

func TestFolderBecomesPage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("special/index.html", "a folder"), page("special/more/index.html", "deeper"))
	write(t, dir, page("special", "now a file"))
	b, err := os.ReadFile(filepath.Join(dir, "special"))
	if err != nil || string(b) != "now a file" {
		t.Errorf("got %q, %v", b, err)
	}
}

func TestRejectsEscapingPaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("b.html", "b")) // not empty: kept pages are taken as there
	w, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	w.Known([]string{"a.html", "b.html"})
	for _, p := range []string{"../x.html", "/etc/passwd", "a/../../x", "a//b", "", `a\b`, ".dateline-staging/1"} {
		if err := w.Add(page(p, "x")); err == nil {
			t.Errorf("Add(%q) accepted", p)
		}
		// A page kept from the last build is checked too, unless the
		// last build wrote a file at its path.
		if err := w.Add(render.Page{Path: p, Keep: true}); err == nil {
			t.Errorf("Add(%q, kept) accepted", p)
		}
	}
	if err := w.Add(page("a.html", "1")); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(page("a.html", "2")); err == nil {
		t.Errorf("a second page at one path was accepted")
	}
}

// TestKeptAtKnownPathsUnchecked: a page kept at a file the last build wrote
// writes nothing, and its path is not checked again (a build from the cache
// keeps hundreds of thousands); kept anywhere else, it is.
func TestKeptAtKnownPathsUnchecked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("b.html", "b"))
	w, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	w.Known([]string{"a//b.html", "b.html"}) // as a cache might hold it
	if err := w.Add(render.Page{Path: "a//b.html", Keep: true}); err != nil {
		t.Errorf("a page kept at a known path: %v", err)
	}
	if err := w.Add(render.Page{Path: "c//d.html", Keep: true}); err == nil {
		t.Error("a page kept at an unknown path that leaves its folder was accepted")
	}
}

func TestKnownRemovesWithoutWalking(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("a/b/index.html", "a"), page("c.html", "c"))
	w, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	tok := w.Token()
	w.Known([]string{"a/b/index.html", "c.html"})
	if err := w.Add(render.Page{Path: "c.html", Kind: render.List, Keep: true}); err != nil {
		t.Fatal(err)
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Deleted, []string{"a/b/index.html"}) || st.Unchanged != 1 {
		t.Errorf("%+v", st)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Errorf("empty folders left: %v", err)
	}
	w2, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Abort()
	if w2.Token() != tok || len(tok) != 32 {
		t.Errorf("token %q then %q", tok, w2.Token())
	}
}

// TestPagesAreThisBuilds: Pages lists this build's pages in order, whatever
// the previous build's list held (the same pages in order, out of order,
// or as many pages but not the same).
func TestPagesAreThisBuilds(t *testing.T) {
	for _, known := range [][]string{
		{"a.html", "b/index.html", "c.html"},
		{"c.html", "a.html", "b/index.html"},
		{"a.html", "b/index.html", "d.html"},
		{"a.html", "a.html", "b/index.html"},
		nil,
	} {
		dir := filepath.Join(t.TempDir(), "public")
		write(t, dir, page("a.html", "a"), page("b/index.html", "b"), page("c.html", "c"))
		w, err := New(dir)
		if err != nil {
			t.Fatal(err)
		}
		w.Known(known)
		for _, p := range []string{"c.html", "b/index.html", "a.html"} {
			if err := w.Add(render.Page{Path: p, Kind: render.List, Keep: true}); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := w.Pages(), []string{"a.html", "b/index.html", "c.html"}; !slices.Equal(got, want) {
			t.Errorf("known %q: Pages %q, want %q", known, got, want)
		}
		w.Abort()
	}
}

// TestEmptyFolderIsWrittenInPlace: into a folder that holds only the
// marker, pages go straight to their places (no staging folder); Abort
// empties the folder again, and a crash's pages are replaced or removed by
// the next build like any stale file.
func TestEmptyFolderIsWrittenInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	w, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []render.Page{page("index.html", "home"), page("a/b/index.html", "story")} {
		if err := w.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	got := snapshot(t, dir)
	if _, err := os.Stat(filepath.Join(dir, staging)); !os.IsNotExist(err) || len(got) != 3 ||
		!strings.HasPrefix(got["a/b/index.html"], "story|") {
		t.Fatalf("before commit: %v, staging folder: %v", got, err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, dir); len(got) != 1 || got[Marker] == "" {
		t.Errorf("after abort: %v", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after abort the folder holds %d entries", len(entries))
	}
	st := write(t, dir, page("index.html", "home"), page("a/b/index.html", "story"), page("c.html", "c"))
	if st.Written != 3 || !slices.Equal(st.Added, []string{"a/b/index.html", "c.html", "index.html"}) ||
		!slices.Equal(st.Pages, st.Added) {
		t.Errorf("first build: %+v", st)
	}
	// A crash after some pages: the next build removes what it does not write.
	os.Remove(filepath.Join(dir, "c.html"))
	st = write(t, dir, page("index.html", "home 2"))
	if got := snapshot(t, dir); len(got) != 2 || !strings.HasPrefix(got["index.html"], "home 2|") ||
		!slices.Equal(st.Deleted, []string{"a/b/index.html"}) {
		t.Errorf("after a crash: %v, %+v", got, st)
	}
}

func TestTwoPagesOnePath(t *testing.T) {
	w, err := New(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(page("a/index.html", "first")); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(page("b/index.html", "other")); err != nil {
		t.Fatal(err)
	}
	err = w.Add(page("a/index.html", "second"))
	if err == nil || !strings.Contains(err.Error(), "two pages would be written to a/index.html") {
		t.Errorf("a second page at a/index.html: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(w.dir, "a", "index.html")); string(b) != "first" {
		t.Errorf("a/index.html holds %q, want the first page's", b)
	}
}

// TestKnownAndNewPages: a build from the cache keeps pages at known paths
// and adds new ones; Pages merges them in order, a second page at a known
// path is refused like any other, and Commit removes the known files no
// page claimed.
func TestKnownAndNewPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write(t, dir, page("a.html", "a"), page("c.html", "c"), page("e/index.html", "e"))
	w, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Known([]string{"a.html", "c.html", "e/index.html"})
	for _, p := range []render.Page{
		{Path: "e/index.html", Kind: render.Story, Keep: true},
		page("f.html", "f"),
		{Path: "c.html", Kind: render.List, Keep: true},
		page("b.html", "b"),
	} {
		if err := w.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []render.Page{page("c.html", "c2"), page("b.html", "b2")} {
		if err := w.Add(p); err == nil || !strings.Contains(err.Error(), "two pages would be written to "+p.Path) {
			t.Errorf("a second page at %s: %v", p.Path, err)
		}
	}
	if w.Idle() {
		t.Error("Idle with pages to write and a file to remove")
	}
	want := []string{"b.html", "c.html", "e/index.html", "f.html"}
	if got := w.Pages(); !slices.Equal(got, want) {
		t.Errorf("Pages %q, want %q", got, want)
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Deleted, []string{"a.html"}) || !slices.Equal(st.Added, []string{"b.html", "f.html"}) || st.Unchanged != 2 {
		t.Errorf("%+v", st)
	}
	got := snapshot(t, dir)
	if _, ok := got["a.html"]; ok || len(got) != 5 { // the four pages and the marker
		t.Errorf("after commit: %v", got)
	}
}

// BenchmarkKeep: a build from the cache at 100,000 stories keeps some
// 320,000 pages, added by two workers at once.
func BenchmarkKeep(b *testing.B) {
	known := make([]string, 320_000)
	for i := range known {
		known[i] = fmt.Sprintf("%04d/%02d/%02d/story-number-%d/index.html", 2000+i%20, 1+i%12, 1+i%28, i)
	}
	slices.Sort(known)
	// The pages come in another order than the paths' (a story's page and
	// its embed card are far apart), in strings of their own.
	pages := make([]string, len(known))
	for i, j := range rand.New(rand.NewPCG(1, 2)).Perm(len(known)) {
		pages[i] = strings.Clone(known[j])
	}
	dir := filepath.Join(b.TempDir(), "public")
	write(b, dir, page("index.html", "home"))
	for b.Loop() {
		w, err := New(dir)
		if err != nil {
			b.Fatal(err)
		}
		w.Known(known)
		var wg sync.WaitGroup
		for k := range 2 {
			wg.Go(func() {
				for i := k; i < len(pages); i += 2 {
					if err := w.Add(render.Page{Path: pages[i], Kind: render.Story, Keep: true}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		if !w.Idle() {
			b.Fatal("not idle")
		}
		w.Abort()
	}
}
