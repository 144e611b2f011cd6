package article

import (
	"bytes"
	"os"
	"runtime"
	"testing"
)

// TestMetadataDropsTheText: an article whose body is dropped holds no
// reference to its file's text, in either format, so that a build keeps
// the stories' metadata in memory and not their text.
func TestMetadataDropsTheText(t *testing.T) {
	seed, err := os.ReadFile("testdata/seed-article.txt")
	if err != nil {
		t.Fatal(err)
	}
	filler := bytes.Repeat([]byte("A long paragraph of wire copy that makes the file big. "), 2000) // 110 KB
	wire := bytes.Replace(seed, []byte("\n\n**Article online:**"), append(append([]byte("\n\n"), filler...), "\n\n**Article online:**"...), 1)
	md := append([]byte("+++\ntitle = \"Big story\"\ndate = 2014-03-03T10:00:00+01:00\nbeat = \"Politics\"\nslug = \"big\"\n+++\n"), filler...)
	for _, c := range []struct {
		path string
		data []byte
	}{{"a.txt", wire}, {"a.md", md}} {
		const n = 300
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		keep := make([]*Article, n)
		for i := range keep {
			a, ds := Parse(c.path, c.data, Options{})
			if a == nil {
				t.Fatal(ds)
			}
			a.Body = ""
			keep[i] = a
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if grown := int64(ms.HeapAlloc) - int64(before); grown > n*int64(len(c.data))/10 {
			t.Errorf("%s: %d articles without their bodies hold %d KB; their files are %d KB", c.path, n, grown>>10, n*len(c.data)>>10)
		}
		runtime.KeepAlive(keep)
	}
}
