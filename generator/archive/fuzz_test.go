package archive_test

import (
	"fmt"
	"math"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/config"
)

// The fuzz targets are seeded from the table cases of permalink_test.go
// (copied here: those tables live inside their test functions) and inputs
// that probe escapes, overflows and reserved paths. A failing input found
// by "go test -fuzz" lands in testdata/fuzz/NAME and is committed, so that
// "go test" runs it from then on.

type permalinkSeed struct {
	pattern, url, slug string
	id                 int
}

var permalinkSeeds = []permalinkSeed{
	// TestPermalinks
	{"/bericht-{id}/{slug}.html", "https://other-host.org/news/bericht-5/a.html", "", 0},
	{"/bericht-{id}/{slug}.html", "https://www.uspa24.com/bericht-575/putin-obama-task-top-diplomats-to-seek-new-syria-initiatives.html", "", 0},
	{"/bericht-{id}/{slug}.html", "https://x.org/bericht-5/a.html", "", 0},
	{"/bericht-{id}/{slug}.html", "https://x.org/bericht-9/caf%C3%A9.html", "", 0},
	{"/bericht-{id}/{slug}.html", "/specials/wahl-2013/", "wahl", 7},
	{"/bericht-{id}/{slug}.html", "/specials/wahl-2013", "", 0},
	{"/bericht-{id}/{slug}.html", "", "", 10},
	{"/bericht-{id}/{slug}.html", "", "oel", 2},
	{"/bericht-{id}/{slug}.html", "", "é t", 1},
	{"/{beat}/{yyyy}/{mm}/{dd}/{id}-{slug}/", "", "", 3},
	{"/{beat}/{yyyy}/{id}-{slug}", "/world/2011/8-other-slug", "", 0},
	{"/stories/{slug}/", "/stories/from-url/", "", 0},
	{"/bericht-{id}/{slug}.html", "/bericht-5/a.html", "", 5},
	{"/bericht-{id}/{slug}.html", "/politics/a.html", "", 1},
	// TestDiagnostics
	{"/bericht-{id}/{slug}.html", "https://x.org/bericht-5/b.html", "", 5},
	{"/bericht-{id}/{slug}.html", "/specials/x/index.html", "", 2},
	{"/{slug}/", "", "", 0},
	{"/{slug}/", "", "imprint", 0},
	{"/{slug}/", "", "archive", 0},
	{"/{slug}/", "", "b", 0},
	{"/archive/{id}/", "", "", 0},
	{"/bericht-{id}/{slug}.html", "/archive/2013/", "", 1},
	{"/bericht-{id}/{slug}.html", "https://x.org/beats/b.html", "", 2},
	{"/bericht-{id}/{slug}.html", "/feed.xml", "", 4},
	{"/bericht-{id}/{slug}.html", "https://x.org", "", 6},
	{"/bericht-{id}/{slug}.html", "https://x.org/bericht-5/a.html", "", 4},
	{"/bericht-{id}/{slug}.html", "/a/../../etc/", "", 1},
	{"/bericht-{id}/{slug}.html", "/.well-known/b.html", "", 2},
	{"/bericht-{id}/{slug}.html", "/b/", "", 1},
	{"/bericht-{id}/{slug}.html", "/b/page/2/", "", 1},
	{"/bericht-{id}/{slug}.html", "/b/feed.xml", "", 1},
	{"/bericht-{id}/{slug}.html", "/sitemap-2013-03.xml", "", 1},
	// hand-written
	{"/bericht-{id}/{slug}.html", "", "..", 1},
	{"/{slug}/", "", "..", 1},
	{"/{slug}/", "", ".", 1},
	{"/{slug}", "", ".hidden", 1},
	{"/{slug}/", "", "a/../..", 1},
	{"/{slug}/", "", "a\\b", 1},
	{"/{slug}/", "", "a\x00b", 1},
	{"/{slug}/", "", "%2e%2e", 1},
	{"/{slug}/", "", "a b\nc", 1},
	{"/{id}/", "", "", math.MaxInt},
	{"/{id}/", "", "", math.MaxInt - 1},
	{"/{id}/", "", "", math.MinInt},
	{"/bericht-{id}/{slug}.html", "/bericht-9223372036854775807/a.html", "", 0},
	{"/bericht-{id}/{slug}.html", "/bericht-9223372036854775808/a.html", "", 0},
	{"/bericht-{id}/{slug}.html", "/bericht-0/a.html", "", 0},
	{"/bericht-{id}/{slug}.html", "/bericht-01/a.html", "", 1},
	{"/bericht-{id}/{slug}.html", "/bericht-1/a%2Fb.html", "", 0},
	{"/bericht-{id}/{slug}.html", "/bericht-1/%2e%2e", "", 0},
	{"/bericht-{id}/{slug}.html", "/bericht-1/a%zz.html", "", 0},
	{"/bericht-{id}/{slug}.html", "//host", "", 0},
	{"/bericht-{id}/{slug}.html", "http://h/%00", "", 0},
	{"/{id}{slug}", "", "1x", 5},
	{"/{slug}-{id}", "/a-1-5", "", 0},
	{"/{id}/{id}/{slug}/{slug}", "/5/6/a/b", "", 0},
	{"/{yyyy}{mm}{dd}/{id}", "", "", 0},
	{"/b/{slug}", "", "page", 1},
	{"/b/page/{id}/", "", "", 1},
	{"/b/{slug}", "", "feed.xml", 1},
	{"/{beat}/{slug}", "", "index.html", 1},
	{"/%C3%A4/{id}", "", "", 1},
	{"/ä/{id}", "/%C3%A4/7", "", 0},
	{"/<id>{id}/{slug}", "", "", 1},
}

var fuzzDate = time.Date(2013, 3, 3, 7, 25, 0, 0, time.UTC)

// storyURL reports whether u would come out of a parser as a story's URL:
// an http(s) URL with a host or a path from the root, without a query or
// fragment.
func storyURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || strings.ContainsAny(u, " \t#") || p.RawQuery != "" || p.ForceQuery || p.Fragment != "" {
		return false
	}
	if p.Scheme != "" {
		return (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
	}
	return p.Host == "" && strings.HasPrefix(p.Path, "/")
}

// cleanFile reports what is wrong with an output file's path: "" when it is
// relative, clean, not empty, and has no "..", backslash or NUL.
func cleanFile(f string) string {
	switch {
	case f == "" || f == ".":
		return "empty"
	case strings.HasPrefix(f, "/"):
		return "absolute"
	case path.Clean(f) != f:
		return "not clean"
	case strings.ContainsAny(f, "\\\x00"):
		return "has a backslash or NUL"
	}
	for _, seg := range strings.Split(f, "/") {
		if seg == ".." || seg == "." || strings.HasPrefix(seg, ".") {
			return "has a segment " + seg
		}
	}
	return ""
}

func FuzzPermalink(f *testing.F) {
	for _, s := range permalinkSeeds {
		f.Add(s.pattern, s.url, s.slug, s.id)
	}
	f.Fuzz(func(t *testing.T, pattern, u, slug string, id int) {
		if config.CheckPattern(pattern) != nil {
			return
		}
		cfg, err := config.Parse([]byte("baseURL = \"https://x.org/news/\"\n"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Permalinks.Article = pattern
		two := id%2 != 0
		id = max(id, 0)
		a := &article.Article{Path: "content/a.md", Format: article.Markdown, Title: "T", Beats: []string{"B"},
			Date: fuzzDate, ID: id, Slug: slug}
		if storyURL(u) {
			a.URL, a.URLLine = u, 7
		}
		articles := []*article.Article{a}
		if two {
			// A second story with neither id nor slug nor URL, so that it
			// takes the next free id, and an alias.
			b := &article.Article{Path: "content/b.txt", Format: article.Wire, Title: "T " + slug, Beats: []string{"b"},
				Date: fuzzDate.Add(time.Hour), Notes: &article.Notes{AliasLine: 3}}
			if strings.HasPrefix(u, "/") {
				b.Notes.Aliases = []string{u}
			} else {
				b.Notes.Aliases = []string{"/old/" + slug}
			}
			articles = append(articles, b)
		}
		arch, diags := archive.New(cfg, articles)
		if arch == nil {
			if len(diags) == 0 {
				t.Fatal("archive.New returned neither an archive nor diagnostics")
			}
			for _, d := range diags {
				if (d.Path != "content/a.md" && (!two || d.Path != "content/b.txt")) || d.Line < 1 || d.Msg == "" {
					t.Errorf("diagnostic %q: want content/a.md or content/b.txt and a line >= 1", d.String())
				}
			}
			return
		}
		if len(diags) > 0 {
			t.Errorf("archive.New returned an archive and diagnostics %v", diags)
		}
		if got := len(arch.Stories) + len(arch.Withdrawn); got != len(articles) {
			t.Fatalf("archive has %d stories, want %d", got, len(articles))
		}
		ids := map[int]bool{}
		files := map[string]bool{}
		for _, s := range arch.Stories {
			if why := cleanFile(s.File); why != "" {
				t.Errorf("%s: file %q of permalink %q is %s", s.Path, s.File, s.Permalink, why)
			}
			if f, err := archive.File(s.Permalink); err != nil || f != s.File {
				t.Errorf("%s: File(%q) = %q, %v; the story has %q", s.Path, s.Permalink, f, err, s.File)
			}
			if s.ID <= 0 || ids[s.ID] {
				t.Errorf("%s: id %d is not positive or not unique", s.Path, s.ID)
			}
			if files[s.File] {
				t.Errorf("%s: file %s is taken twice", s.Path, s.File)
			}
			ids[s.ID], files[s.File] = true, true
			if s.Beat == nil {
				t.Errorf("%s: no beat", s.Path)
			}
		}
		for _, al := range arch.Aliases {
			if why := cleanFile(al.File); why != "" {
				t.Errorf("alias %q: file %q is %s", al.Path, al.File, why)
			}
			if files[al.File] {
				t.Errorf("alias %q: file %s is taken twice", al.Path, al.File)
			}
			files[al.File] = true
		}
		// The ledger this build writes is one the next build reads, and
		// every permalink in it answers.
		if got, want := arch.Ledger(), ledgerByLines(arch); string(got) != string(want) {
			t.Errorf("ledger:\n%s\nwant (as lines sorted):\n%s", got, want)
		}
		entries, lds := archive.ParseLedger(arch.Ledger())
		if len(lds) > 0 {
			t.Errorf("the ledger does not parse again: %v\n%s", lds, arch.Ledger())
		}
		if want := len(arch.Stories) + len(arch.Aliases); len(entries) != want {
			t.Errorf("the ledger has %d entries, want %d:\n%s", len(entries), want, arch.Ledger())
		}
		if ds := arch.CheckLedger(entries); len(ds) > 0 {
			t.Errorf("the archive fails its own ledger: %v", ds)
		}
		if !arch.LedgerHolds(arch.Ledger(), entries) {
			t.Errorf("the archive's own ledger does not hold for it:\n%s", arch.Ledger())
		}
	})
}

func FuzzFile(f *testing.F) {
	for _, p := range []string{
		"/bericht-5/a.html", "/politics/some-story/", "/politics/some-story", "/", "/story.html",
		"/caf%C3%A9/", "/a%20b.html", "/a+b.html", "/a//b.html", "/a/b.tar.gz", "/v1.2/story",
		"bericht-5/a.html", "", "/a/../b.html", "/a/..", "/%2e%2e/b.html", "/./a.html", "/.git/config",
		"/a/.story.html", "/%2Egit/", "/a%zz.html", "/a%2Fb.html", "/a%00b.html", `/a\..\b.html`,
		"//", "///..", "/a/./", "/..%2f..%2fetc/passwd", "/%2e%2e%2f", "/%252e%252e/", "/a.", "/a/.",
		"/\x00", "/a\nb", "/\xff\xfe", "/%ff", "/" + strings.Repeat("a/", 100),
	} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		file, err := archive.File(p)
		if err != nil {
			if file != "" {
				t.Errorf("File(%q) = %q and the error %v", p, file, err)
			}
			return
		}
		if why := cleanFile(file); why != "" {
			t.Errorf("File(%q) = %q, which is %s", p, file, why)
		}
		if !strings.HasPrefix(p, "/") {
			t.Errorf("File(%q) accepted a permalink without a leading /", p)
		}
		if path.Ext(file) == "" {
			t.Errorf("File(%q) = %q, a file without an extension", p, file)
		}
		if !strings.HasPrefix(file, strings.TrimPrefix(path.Clean("/"+file), "/")) {
			t.Errorf("File(%q) = %q escapes", p, file)
		}
		// A file is a fixed point: its own path as a permalink gives it
		// back, once escaped.
		esc := (&url.URL{Path: "/" + file}).EscapedPath()
		if again, err := archive.File(esc); err != nil || again != file {
			t.Errorf("File(%q) = %q, but File(%q) = %q, %v", p, file, esc, again, err)
		}
	})
}

// TestNewPatternNotUTF8 is the input FuzzPermalink found before
// config.CheckPattern refused patterns that are not UTF-8: archive.New
// panicked compiling the pattern's regexp.
func TestNewPatternNotUTF8(t *testing.T) {
	cfg, err := config.Parse(nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Permalinks.Article = "/\xff{slug}"
	a := &article.Article{Path: "content/a.md", Format: article.Markdown, Title: "T", Beats: []string{"B"},
		Date: fuzzDate, URL: "/\xffx", URLLine: 7}
	archive.New(cfg, []*article.Article{a}) // must not panic
}

// parseLedgerByFields is ParseLedger as it was first written (every line
// split into fields), the reference for FuzzParseLedger.
func parseLedgerByFields(data []byte) ([]archive.LedgerEntry, []article.Diagnostic) {
	var entries []archive.LedgerEntry
	var ds []article.Diagnostic
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		id, err := 0, error(nil)
		if len(f) == 2 {
			id, err = strconv.Atoi(f[1])
		}
		if len(f) != 2 || err != nil || !strings.HasPrefix(f[0], "/") {
			ds = append(ds, article.Diagnostic{Path: archive.LedgerFile, Line: i + 1,
				Msg: fmt.Sprintf("%q is not \"PERMALINK ID\"; the ledger is written by dateline, restore it from version control", line)})
			continue
		}
		entries = append(entries, archive.LedgerEntry{Permalink: f[0], ID: id, Line: i + 1})
	}
	return entries, ds
}

// FuzzParseLedger: ParseLedger reads every ledger as the reference does.
func FuzzParseLedger(f *testing.F) {
	f.Add([]byte("# comment\n/a.html 5\n/b/ 7\r\n\n  /c  9 \n/d x\n/e 1 2\nf 3\n/g\t4\n/h 5"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, gotDs := archive.ParseLedger(data)
		want, wantDs := parseLedgerByFields(data)
		if len(got) == 0 && len(want) == 0 {
			got, want = nil, nil
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDs, wantDs) {
			t.Fatalf("%q:\n got %v %v\nwant %v %v", data, got, gotDs, want, wantDs)
		}
	})
}

// ledgerByLines is Archive.Ledger as it was first written (every line a
// string, the lines sorted as text), the reference for FuzzPermalink.
func ledgerByLines(a *archive.Archive) []byte {
	var lines []string
	for _, s := range append(slices.Clone(a.Stories), a.Withdrawn...) {
		lines = append(lines, s.Permalink+" "+strconv.Itoa(s.ID))
	}
	for _, al := range a.Aliases {
		lines = append(lines, al.Path+" "+strconv.Itoa(al.Story.ID))
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	return []byte("# Every permalink this archive has published, with its story's id. Written by\n# dateline build; commit it with the archive. See README.md, \"The permalink ledger\".\n" +
		strings.Join(lines, "\n") + "\n")
}
