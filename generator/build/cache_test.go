package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dateline/generator/article"
	"dateline/static"
	"dateline/templates"
)

// TestCacheRestoresSnapshot saves the cache after a build and checks that a
// new Builder (a new process) renders only the always-rendered pages when
// nothing changed, renders everything for another output folder, and
// re-reads a file whose size or time changed.
func TestCacheRestoresSnapshot(t *testing.T) {
	dir := t.TempDir()
	fsys := archiveFS(t, basicConfig+threeBeats)
	opt := Options{Site: fsys, Templates: templates.FS, Static: static.FS, Now: time.Now()}
	path := filepath.Join(dir, "cache.bin")

	first := NewBuilder(opt)
	first.LoadCache(path, "tok")
	site, res := apply(t, first, Changes{}, nil)
	if res.Failed() {
		t.Fatal(diagText(res))
	}
	if err := first.SaveCache(path, "tok", nil); err != nil {
		t.Fatal(err)
	}

	again := NewBuilder(opt)
	if _, ok := again.LoadCache(path, "tok"); !ok {
		t.Fatal("cache not restored")
	}
	got, res := apply(t, again, Changes{}, site)
	// home, beats, archive, imprint, 404; the archive's three feeds, the
	// sitemap index, the pages and news sitemaps, robots.txt, _redirects,
	// nginx-redirects.conf, the ninjs index
	const always = 6 + 10 // and the search page
	if res.Rendered != always {
		t.Errorf("no-op build from the cache rendered %d pages, want %d", res.Rendered, always)
	}
	for p := range site {
		if got[p] != site[p] {
			t.Errorf("page %s differs", p)
		}
	}

	other := NewBuilder(opt)
	if _, ok := other.LoadCache(path, "another folder"); ok {
		t.Error("snapshot restored for another output folder")
	}
	if _, res := apply(t, other, Changes{}, nil); res.Rendered != len(site)-3 { // all but the three static files
		t.Errorf("build for another folder rendered %d of %d pages", res.Rendered, len(site))
	}

	// A story changed on disk (new bytes, new time): read again.
	f := fsys["content/politics/c.md"]
	fsys["content/politics/c.md"] = &fstest.MapFile{Data: append(f.Data, []byte("\nMore.\n")...), ModTime: time.Now().Add(time.Hour)}
	changed := NewBuilder(opt)
	changed.LoadCache(path, "tok")
	got, res = apply(t, changed, Changes{}, site)
	if res.Rendered <= always || res.Rendered > always+40 { // its pages, feeds, sitemap, search shards
		t.Errorf("one changed story rendered %d pages", res.Rendered)
	}
	clean, _ := apply(t, NewBuilder(opt), Changes{}, nil)
	for p := range clean {
		if got[p] != clean[p] {
			t.Errorf("page %s differs from a clean build", p)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

// TestCacheInManyChunks: parses, stories and pages spread over many chunks
// come back whole, each story with its own neighbours.
func TestCacheInManyChunks(t *testing.T) {
	path, opt, first, _ := builtInChunks(t)
	pages := []string{"a/index.html", "b.json", "c/index.html"}
	if err := first.SaveCache(path, "tok", pages); err != nil {
		t.Fatal(err)
	}
	again := NewBuilder(opt)
	got, ok := again.LoadCache(path, "tok")
	if !ok || !slices.Equal(got, pages) {
		t.Fatalf("restored %v, pages %q; want the three pages", ok, got)
	}
	if !slices.Equal(again.last.stories, first.last.stories) || len(again.last.stories) < 3 {
		t.Errorf("stories:\n got %+v\nwant %+v", again.last.stories, first.last.stories)
	}
	if !slices.Equal(again.order, first.order) || len(again.parses) != len(first.parses) {
		t.Fatalf("parses of %q, want %q", again.order, first.order)
	}
	for i, f := range first.parses {
		if g, p := again.parses[i], first.order[i]; g.sum != f.sum || g.a.Path != p || g.a.Title != f.a.Title {
			t.Errorf("parse of %s: %+v, want %+v", p, g.a, f.a)
		}
	}
}

// TestCacheCutShortIsIgnored: a cache cut off anywhere (a full disk, a
// killed process) restores no snapshot (at most the parses of its whole
// chunks), and the build is what a clean one is.
func TestCacheCutShortIsIgnored(t *testing.T) {
	path, opt, first, clean := builtInChunks(t)
	if err := first.SaveCache(path, "tok", slices.Collect(maps.Keys(clean))); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(data); n += 1 + n/50 {
		if err := os.WriteFile(path, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		b := NewBuilder(opt)
		if _, ok := b.LoadCache(path, "tok"); ok {
			t.Fatalf("a cache cut to %d of %d bytes restored its snapshot", n, len(data))
		}
		got, res := apply(t, b, Changes{}, nil)
		if res.Failed() || !maps.Equal(got, clean) {
			t.Fatalf("after a cache cut to %d bytes the build differs from a clean one", n)
		}
	}
}

// builtInChunks builds the three-beat archive with a cache of one record a
// chunk (until the test ends) to be saved at path, and returns the builder
// and its pages.
func builtInChunks(t *testing.T) (path string, opt Options, b *Builder, pages map[string]string) {
	t.Helper()
	n := chunkRecords
	t.Cleanup(func() { chunkRecords = n })
	chunkRecords = 1
	path = filepath.Join(t.TempDir(), "cache.bin")
	opt = Options{Site: archiveFS(t, basicConfig+threeBeats), Templates: templates.FS, Static: static.FS, Now: time.Now()}
	b = NewBuilder(opt)
	b.LoadCache(path, "tok")
	pages, res := apply(t, b, Changes{}, nil)
	if res.Failed() {
		t.Fatal(diagText(res))
	}
	return path, opt, b, pages
}

// TestCacheInPathOrder: a build keeps the parses of the story files it
// listed in path order, and the cache it writes gives them back so, after
// a file is added, after one is removed, and after one of each (as many
// files as before).
func TestCacheInPathOrder(t *testing.T) {
	fsys := archiveFS(t, basicConfig+threeBeats)
	opt := Options{Site: fsys, Templates: templates.FS, Static: static.FS, Now: time.Now()}
	b := NewBuilder(opt)
	dir := t.TempDir()
	story := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\ndate = 2015-01-01T10:00:00+01:00\nbeat = \"Politics\"\n+++\nText.\n")}
	}
	var pages map[string]string
	for i, change := range []func(){
		func() {},
		func() { fsys["content/politics/0.md"] = story("Zero") },
		func() { delete(fsys, "content/politics/b.md") },
		func() { fsys["content/politics/bb.md"] = story("Double"); delete(fsys, "content/politics/0.md") },
	} {
		change()
		var res *Result
		if pages, res = apply(t, b, Changes{}, pages); res.Failed() {
			t.Fatal(diagText(res))
		}
		cache := filepath.Join(dir, "cache.bin")
		if err := b.SaveCache(cache, "tok", nil); err != nil {
			t.Fatal(err)
		}
		var want []string
		for p := range fsys {
			if strings.HasPrefix(p, "content/") && article.IsStory(p) {
				want = append(want, p)
			}
		}
		slices.Sort(want)
		again := NewBuilder(opt)
		again.LoadCache(cache, "tok")
		if !slices.Equal(b.order, want) || !slices.Equal(again.order, want) || len(again.parses) != len(want) {
			t.Errorf("build %d: parses of %q, read back %q; want %q", i+1, b.order, again.order, want)
		}
		for j, p := range again.parses {
			if p.a == nil || p.a.Path != want[j] {
				t.Errorf("build %d: parse %d read back for %s", i+1, j, want[j])
			}
		}
	}
}

// TestCacheWritesUnchangedParsesAsRead: a build from the cache writes the
// chunks of the parses it did not change as it read them (the bytes, not
// an encoding of them), and the cache is what encoding every parse writes.
func TestCacheWritesUnchangedParsesAsRead(t *testing.T) {
	path, opt, first, site := builtInChunks(t)
	if err := first.SaveCache(path, "tok", nil); err != nil {
		t.Fatal(err)
	}
	fsys := opt.Site.(fstest.MapFS)
	const edited = "content/politics/c.md"
	fsys[edited] = &fstest.MapFile{Data: append(slices.Clone(fsys[edited].Data), "\nMore.\n"...), ModTime: time.Now().Add(-time.Hour)}
	b := NewBuilder(opt)
	if _, ok := b.LoadCache(path, "tok"); !ok {
		t.Fatal("cache not restored")
	}
	site, res := apply(t, b, Changes{}, site)
	if res.Failed() {
		t.Fatal(diagText(res))
	}
	save := func() []byte {
		t.Helper()
		p := filepath.Join(t.TempDir(), "cache.bin")
		if err := b.SaveCache(p, "tok", nil); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	read := b.read
	b.read = nil
	encoded := save()
	b.read = read
	if got := save(); !bytes.Equal(got, encoded) {
		t.Errorf("the cache written from what was read (%d bytes) differs from the one encoded (%d bytes)", len(got), len(encoded))
	}
	// Each chunk read, marked: the marks of the unchanged ones are written.
	if len(read.chunks) != len(read.paths) || len(read.paths) < 3 {
		t.Fatalf("%d chunks read for %d parses, want one each", len(read.chunks), len(read.paths))
	}
	for i := range read.chunks {
		read.chunks[i] = append(slices.Clone(read.chunks[i]), fmt.Sprintf("<mark %d>", i)...)
	}
	marked := func(data []byte) (n int) {
		for i := range read.chunks {
			if bytes.Contains(data, fmt.Appendf(nil, "<mark %d>", i)) {
				n++
			}
		}
		return n
	}
	got := save()
	for i, p := range read.paths {
		if copied := bytes.Contains(got, fmt.Appendf(nil, "<mark %d>", i)); copied != (p != edited) {
			t.Errorf("%s: its chunk as read written: %v", p, copied)
		}
	}
	// Chunks of another size than those read: none is written as read.
	chunkRecords = 2
	if n := marked(save()); n > 0 {
		t.Errorf("%d chunks of one parse written into a cache of two a chunk", n)
	}
	chunkRecords = 1
	// A file before all the others: each parse is in another chunk than the
	// one it was read from, and none is written as read.
	fsys["content/0.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Zero\"\ndate = 2015-01-01T10:00:00+01:00\nbeat = \"Politics\"\n+++\nText.\n")}
	if _, res := apply(t, b, Changes{}, site); res.Failed() {
		t.Fatal(diagText(res))
	}
	if n := marked(save()); n > 0 {
		t.Errorf("%d chunks written as read after a file was added before them", n)
	}
	b.read = nil
	encoded = save()
	b.read = read
	if got := save(); !bytes.Equal(got, encoded) {
		t.Errorf("after a file was added, the cache written from what was read differs from the one encoded")
	}
}

// TestCacheReplacedWhileInUse: what a Builder decoded from a cache stays
// whole when the cache is written again at the same path and then removed
// (as the CLI does), though its strings are the old file's bytes: a new
// file replaces the old one, never writes over it.
func TestCacheReplacedWhileInUse(t *testing.T) {
	path, opt, first, site := builtInChunks(t)
	if err := first.SaveCache(path, "tok", nil); err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(opt)
	if _, ok := b.LoadCache(path, "tok"); !ok {
		t.Fatal("cache not restored")
	}
	titles := make([]string, len(b.parses))
	for i, p := range b.parses {
		titles[i] = strings.Clone(p.a.Title)
	}
	for range 2 {
		if err := b.SaveCache(path, "tok", nil); err != nil { // its unchanged chunks: the old file's bytes
			t.Fatal(err)
		}
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	for i, p := range b.parses {
		if p.a.Title != titles[i] || b.order[i] != p.a.Path {
			t.Errorf("parse %d: %q at %q, want %q", i, p.a.Title, b.order[i], titles[i])
		}
	}
	got, res := apply(t, b, Changes{All: true}, nil)
	if res.Failed() || !maps.Equal(got, site) {
		t.Errorf("a build from the replaced cache differs from a clean one")
	}
}
