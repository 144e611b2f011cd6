package article

import (
	"bytes"
	"os"
	"runtime"
	"testing"
	"unsafe"
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

// TestMetadataIsOneBlock: an article's metadata strings sit in one block
// of memory, one after the other (a hundred thousand articles are a
// hundred thousand blocks, not a million strings), and hold what the file
// says.
func TestMetadataIsOneBlock(t *testing.T) {
	data := []byte("+++\ntitle = \"Big story\"\ndate = 2014-03-03T10:00:00+01:00\nbeats = [\"Politics\", \"Europe\"]\n" +
		"slug = \"big\"\nauthor = \"Anna\"\nplace = \"Berlin\"\naliases = [\"/old/\"]\n+++\nThe lead.\n\nMore.\n")
	a, ds := Parse("a.md", data, Options{})
	if a == nil {
		t.Fatal(ds)
	}
	fields := []string{a.Title, a.Byline, a.Place, a.Summary, a.Slug, a.URL, a.Correction, a.Withdrawn, a.Beats[0], a.Beats[1], a.Aliases[0]}
	want := []string{"Big story", "Anna", "Berlin", "The lead.", "big", "", "", "", "Politics", "Europe", "/old/"}
	for i, f := range fields {
		if f != want[i] {
			t.Errorf("field %d = %q, want %q", i, f, want[i])
		}
		if i > 0 && f != "" && fields[i-1] != "" &&
			unsafe.StringData(f) != (*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(fields[i-1])), len(fields[i-1]))) {
			t.Errorf("field %d (%q) is not right after field %d (%q)", i, f, i-1, fields[i-1])
		}
	}
	body, _ := Parse("a.md", data, Options{BodyOnly: true})
	if body == nil || body.Body != a.Body || body.BodyLine != a.BodyLine {
		t.Errorf("BodyOnly: %+v, want the body %q at line %d", body, a.Body, a.BodyLine)
	}
}
