package article

import (
	"bytes"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
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
	aliases, _ := a.Aliases()
	fields := []string{a.Title, a.Byline, a.Place, a.Summary, a.URL, a.Correction(), a.Withdrawn(), a.Slug, a.Beats[0], a.Beats[1], aliases[0]}
	want := []string{"Big story", "Anna", "Berlin", "The lead.", "", "", "", "big", "Politics", "Europe", "/old/"}
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

// TestSlugSharesTheURL: a slug that the URL spells out is the URL's text,
// not a second copy of it.
func TestSlugSharesTheURL(t *testing.T) {
	data := []byte("+++\ntitle = \"Big story\"\ndate = 2014-03-03T10:00:00+01:00\nbeat = \"Politics\"\n" +
		"slug = \"big-story\"\nurl = \"/politics/2014/big-story/\"\n+++\nThe lead.\n")
	a, ds := Parse("a.md", data, Options{})
	if a == nil {
		t.Fatal(ds)
	}
	if a.Slug != "big-story" || a.URL != "/politics/2014/big-story/" {
		t.Fatalf("slug %q, URL %q", a.Slug, a.URL)
	}
	if unsafe.StringData(a.Slug) != (*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(a.URL)), len("/politics/2014/"))) {
		t.Error("the slug is a copy of its own, not the URL's text")
	}
}

// TestArticleSize: the struct every story keeps in memory stays in the
// 240-byte size class (a field more moves a hundred thousand stories to
// the next one, 16 bytes each; the rare fields are in Notes).
func TestArticleSize(t *testing.T) {
	if n := unsafe.Sizeof(Article{}); n > 240 {
		t.Errorf("Article is %d bytes, over 240", n)
	}
}

// TestMetadataIsCopiedOutOfTheFile: Parse reads the file's bytes in place,
// and a caller may use them again for the next file (a build does) once it
// has dropped the body: the metadata is a copy, in both formats.
func TestMetadataIsCopiedOutOfTheFile(t *testing.T) {
	seed, err := os.ReadFile("testdata/seed-article.txt")
	if err != nil {
		t.Fatal(err)
	}
	md := []byte("+++\ntitle = \"Big story\"\ndate = 2014-03-03T10:00:00+01:00\nbeats = [\"Politics\"]\n" +
		"slug = \"big\"\nurl = \"/politics/big/\"\nauthor = \"Anna\"\nplace = \"Berlin\"\naliases = [\"/old/\"]\n" +
		"correction = \"A name was wrong.\"\n+++\nThe lead.\n\nMore.\n")
	for _, c := range []struct {
		path string
		data []byte
	}{{"a.txt", seed}, {"a.md", md}} {
		data := bytes.Clone(c.data)
		a, ds := Parse(c.path, data, Options{})
		if a == nil {
			t.Fatal(ds)
		}
		want := *a
		var notes Notes
		if a.Notes != nil {
			notes = *a.Notes
			want.Notes = &notes
		}
		want.Beats, notes.Aliases = slices.Clone(a.Beats), slices.Clone(notes.Aliases)
		for _, s := range append(append([]*string{&want.Title, &want.Byline, &want.Place, &want.Summary, &want.Slug,
			&want.URL, &notes.Correction, &notes.Withdrawn}, ptrs(want.Beats)...), ptrs(notes.Aliases)...) {
			*s = strings.Clone(*s)
		}
		for i := range data {
			data[i] = 'X'
		}
		a.Body, want.Body = "", ""
		if !reflect.DeepEqual(*a, want) {
			t.Errorf("%s: the metadata changed with the file's buffer:\n%+v\nwant\n%+v", c.path, *a, want)
		}
	}
}

func ptrs(list []string) []*string {
	var p []*string
	for i := range list {
		p = append(p, &list[i])
	}
	return p
}
