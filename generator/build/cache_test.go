package build

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

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
