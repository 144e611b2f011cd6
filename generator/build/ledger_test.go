package build

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dateline/generator/archive"
	"dateline/static"
	"dateline/templates"
)

var refresh = regexp.MustCompile(`<meta http-equiv="refresh" content="0; url=([^"]+)">`)

// TestLedgerKeepsEveryPermalink runs a seeded random sequence of slug
// changes, id changes, deletions, withdrawals and restores over a few
// hundred stories. A deletion the ledger refuses is answered the way an
// editor would: restore, alias or withdraw. After every build, every
// permalink in the ledger answers with a story, a withdrawal notice, or a
// redirect (followed as a browser would) to one of them.
func TestLedgerKeepsEveryPermalink(t *testing.T) {
	steps, n := 150, 200
	if testing.Short() {
		steps, n = 30, 60
	}
	r := rand.New(rand.NewPCG(3, 5))
	fsys := archiveFS(t, basicConfig)
	story := func(id int, title string, extra string) string {
		return fmt.Sprintf("+++\ntitle = %q\ndate = 2014-0%d-1%dT10:00:00+01:00\nbeat = %q\nid = %d\n%s+++\nBody of %d.\n",
			title, 1+id%9, id%10, beatNames[id%len(beatNames)], id, extra, id)
	}
	titles := map[string]int{} // path -> id
	for i := range n {
		p := fmt.Sprintf("content/s%d.md", i)
		fsys[p] = &fstest.MapFile{Data: []byte(story(1000+i, fmt.Sprintf("Story %d", i), ""))}
		titles[p] = 1000 + i
	}
	opt := Options{Site: fsys, Templates: templates.FS, Static: static.FS, Now: time.Now()}
	build := func() *site {
		t.Helper()
		s := buildFS(t, fsys, opt)
		if !s.res.Failed() && s.res.Ledger != nil {
			fsys[archive.LedgerFile] = &fstest.MapFile{Data: s.res.Ledger}
		}
		return s
	}
	if s := build(); s.res.Failed() {
		t.Fatal(diagText(s.res))
	}
	refused := 0
	for step := range steps {
		paths := slices.Sorted(func(yield func(string) bool) {
			for p := range titles {
				if !yield(p) {
					return
				}
			}
		})
		p := paths[r.IntN(len(paths))]
		id := titles[p]
		old := fsys[p]
		switch r.IntN(5) {
		case 0: // a new title, so a new slug
			fsys[p] = &fstest.MapFile{Data: []byte(story(id, fmt.Sprintf("Story %d retitled %d", id, step), ""))}
		case 1: // a new id: the old permalink's story is gone
			titles[p] = 5000 + step
			fsys[p] = &fstest.MapFile{Data: []byte(story(5000+step, fmt.Sprintf("Story %d", id), ""))}
		case 2: // deleted
			delete(fsys, p)
			delete(titles, p)
		case 3: // withdrawn
			fsys[p] = &fstest.MapFile{Data: []byte(story(id, fmt.Sprintf("Story %d", id), "withdrawn = \"Legal reasons.\"\n"))}
		case 4: // restored as it was first
			fsys[p] = &fstest.MapFile{Data: []byte(story(id, fmt.Sprintf("Story %d", id-1000), ""))}
		}
		s := build()
		if s.res.Failed() {
			if !strings.Contains(diagText(s.res), "permalinks.txt:") {
				t.Fatalf("step %d: %s", step, diagText(s.res))
			}
			refused++
			// The editor's ways out: restore it, or withdraw it.
			if r.IntN(2) == 0 || strings.Contains(string(old.Data), "withdrawn") {
				fsys[p] = old
			} else {
				fsys[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(old.Data), "+++\nBody", "withdrawn = \"Removed.\"\n+++\nBody", 1))}
			}
			titles[p] = id
			if s = build(); s.res.Failed() {
				t.Fatalf("step %d: the fix did not build:\n%s", step, diagText(s.res))
			}
		}
		entries, ds := archive.ParseLedger(fsys[archive.LedgerFile].Data)
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		for _, e := range entries {
			page := answer(t, s, e.Permalink)
			if page == "" {
				t.Fatalf("step %d: %s (story %d) does not answer", step, e.Permalink, e.ID)
			}
		}
	}
	if refused == 0 {
		t.Errorf("the ledger never refused a change: the test proves nothing")
	}
	t.Logf("%d steps, %d refused by the ledger", steps, refused)
}

// answer returns the page a browser ends on at permalink p, following
// redirect pages; "" when nothing answers.
func answer(t *testing.T, s *site, p string) string {
	t.Helper()
	for range 5 {
		file, err := archive.File(p)
		if err != nil {
			return ""
		}
		page, ok := s.pages[file]
		if !ok {
			return ""
		}
		m := refresh.FindStringSubmatch(page)
		if m == nil {
			if !strings.Contains(page, `<article class="story`) {
				return ""
			}
			return page
		}
		p = m[1]
	}
	return ""
}
