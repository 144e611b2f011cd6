package build

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"dateline/generator/render"
	"dateline/static"
	"dateline/templates"
)

// apply runs one build of b and returns the resulting site, pages marked
// Keep taken from prev. ok is false when the build failed.
func apply(t *testing.T, b *Builder, ch Changes, prev map[string]string) (map[string]string, *Result) {
	t.Helper()
	next := map[string]string{}
	var mu sync.Mutex
	res, err := b.Build(ch, func(p render.Page) error {
		mu.Lock()
		defer mu.Unlock()
		if p.Keep {
			old, ok := prev[p.Path]
			if !ok {
				t.Errorf("page %s kept, but the last build had no such page", p.Path)
			}
			next[p.Path] = old
			return nil
		}
		next[p.Path] = string(p.Data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return next, res
}

var beatNames = []string{"Politics", "Economy", "Crude Oil", "Wirtschaft & Außenhandel", "Sports", "Culture"}

// randomStory writes a story file, in either format.
func randomStory(r *rand.Rand, n int) (string, string) {
	beat := beatNames[r.IntN(len(beatNames))]
	day := time.Date(2012+r.IntN(3), time.Month(1+r.IntN(3)), 1+r.IntN(4), r.IntN(24), r.IntN(60), 0, 0, time.UTC)
	title := fmt.Sprintf("Story %d about %s number %d", n, strings.ToLower(beat), r.IntN(1000))
	body := fmt.Sprintf("**TNA** - Text %d of story %d.\n\nMore text %d.", r.IntN(100), n, r.IntN(100))
	dir := []string{"content/a", "content/b/c", "content"}[r.IntN(3)]
	// Most stories name their id, as wire copy and `dateline new` do; a few
	// take the next free one, which shifts when stories come and go.
	if r.IntN(2) == 0 {
		url := fmt.Sprintf("**Article online:**\n\n<https://news.example/bericht-%d/x-%d.html>\n", 5000+n, n)
		if r.IntN(20) == 0 {
			url = ""
		}
		return fmt.Sprintf("%s/s%d.txt", dir, n), fmt.Sprintf("Beat: %s\n\n## %s\n\n-, %s\n\n%s\n\n%s",
			beat, title, day.Format("02.01.2006, 15:04"), body, url)
	}
	id := fmt.Sprintf("id = %d\n", 5000+n)
	if r.IntN(20) == 0 {
		id = ""
	}
	return fmt.Sprintf("%s/s%d.md", dir, n), fmt.Sprintf("+++\ntitle = %q\ndate = %s\nbeat = %q\n%s+++\n%s\n",
		title, day.Format(time.RFC3339), beat, id, body)
}

// TestIncrementalEqualsCleanBuild applies a seeded random sequence of
// creates, edits, renames, moves and deletes to an archive of a few hundred
// stories, and checks after every batch that the incremental build gives
// byte for byte the pages a clean build gives.
func TestIncrementalEqualsCleanBuild(t *testing.T) {
	steps, stories := 250, 300
	if testing.Short() {
		steps, stories = 40, 80
	}
	r := rand.New(rand.NewPCG(7, 11))
	fsys := archiveFS(t, basicConfig)
	for n := range stories {
		p, data := randomStory(r, n)
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
	}
	var site map[string]string
	// The output folder is the last good build's pages: the ninjs months
	// take kept stories' bodies from it.
	opt := Options{Site: fsys, Templates: templates.FS, Static: static.FS, Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		Published: publishedFS{&site}}
	b := NewBuilder(opt)
	site, res := apply(t, b, Changes{}, nil)
	if res.Failed() {
		t.Fatalf("first build failed:\n%s", diagText(res))
	}
	next := stories
	rendered, total, failed := 0, 0, 0
	broken := map[string]*fstest.MapFile{} // path -> its bytes before it broke
	for step := range steps {
		var touched []string
		for p, f := range broken { // a broken story is fixed in the next batch
			fsys[p] = f
			touched = append(touched, p)
			delete(broken, p)
		}
		for range 1 + r.IntN(4) {
			touched = append(touched, mutate(r, fsys, &next, broken)...)
		}
		got, res := apply(t, b, Changes{Content: touched}, site)
		clean, cleanRes := apply(t, NewBuilder(opt), Changes{}, nil)
		if res.Failed() != cleanRes.Failed() || diagText(res) != diagText(cleanRes) {
			t.Fatalf("step %d: incremental and clean builds disagree:\n%s\n--- clean:\n%s", step, diagText(res), diagText(cleanRes))
		}
		if res.Failed() {
			failed++
			continue // the last good site stays
		}
		rendered += res.Rendered
		total += len(got)
		for p, page := range clean {
			if got[p] != page {
				t.Fatalf("step %d (%v): page %s differs from a clean build:\n--- incremental\n%s\n--- clean\n%s", step, touched, p, got[p], page)
			}
		}
		for p := range got {
			if _, ok := clean[p]; !ok {
				t.Fatalf("step %d (%v): page %s left over; a clean build has none", step, touched, p)
			}
		}
		site = got
	}
	t.Logf("%d steps (%d failed builds): rendered %d of %d pages (%.1f%%)", steps, failed, rendered, total, 100*float64(rendered)/float64(max(total, 1)))
	if rendered*2 > total {
		t.Errorf("incremental builds rendered %d of %d pages: not incremental", rendered, total)
	}
}

// publishedFS is an output folder of pages by path: those *site holds
// when it is read.
type publishedFS struct{ site *map[string]string }

func (f publishedFS) Open(name string) (fs.File, error) {
	m := fstest.MapFS{}
	if data, ok := (*f.site)[name]; ok {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m.Open(name)
}

var storyID = regexp.MustCompile(`(?:bericht-|id = )(\d+)`)

// mutate changes the archive at random and returns the paths it touched.
func mutate(r *rand.Rand, fsys fstest.MapFS, next *int, broken map[string]*fstest.MapFile) []string {
	var paths []string
	for p := range fsys {
		if strings.HasPrefix(p, "content/") && !strings.HasPrefix(p, "content/_") {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	pick := paths[r.IntN(len(paths))]
	if broken[pick] != nil {
		return nil
	}
	switch op := r.IntN(13); op {
	case 12: // override a template of the default theme
		name := []string{"article.html", "beat.html", "archive.html", "home.html", "partials/footer.html"}[r.IntN(5)]
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			panic(err)
		}
		p := "templates/" + name
		fsys[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(data), "</", fmt.Sprintf("<!-- v%d --></", r.IntN(1000)), 1))}
		return []string{p}
	case 0, 1: // create
		p, data := randomStory(r, *next)
		*next++
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
		return []string{p}
	case 2: // delete
		delete(fsys, pick)
		return []string{pick}
	case 3: // rename or move: same bytes, another path
		f := fsys[pick]
		delete(fsys, pick)
		dst := []string{"content/a/", "content/b/c/", "content/"}[r.IntN(3)] + fmt.Sprintf("moved%d", *next) + pick[strings.LastIndex(pick, "."):]
		*next++
		fsys[dst] = f
		return []string{pick, dst}
	case 4: // break a story; the next batch fixes it
		broken[pick] = fsys[pick]
		fsys[pick] = &fstest.MapFile{Data: append(slices.Clone(fsys[pick].Data), 0)}
		return []string{pick}
	default: // edit: title, body, date or beat
		data := string(fsys[pick].Data)
		if r.IntN(3) == 0 { // rewrite it all, keeping its id
			n := *next
			if m := storyID.FindStringSubmatch(data); m != nil {
				n, _ = strconv.Atoi(m[1])
				n -= 5000
			} else {
				*next++
			}
			_, fresh := randomStory(r, n)
			if strings.HasSuffix(pick, ".md") != strings.HasPrefix(fresh, "+++") {
				delete(fsys, pick)
				p, d := randomStory(r, *next)
				*next++
				fsys[p] = &fstest.MapFile{Data: []byte(d)}
				return []string{pick, p}
			}
			data = fresh
		} else {
			data = strings.Replace(data, "More text", fmt.Sprintf("Edited %d", r.IntN(100)), 1)
		}
		fsys[pick] = &fstest.MapFile{Data: []byte(data)}
		return []string{pick}
	}
}

// TestEditRendersWhatItShows: an edit of a body beyond its lead renders the
// story's page and the files that carry full text (its month's, not the
// other months' of its year), no list; a new title renders the one beat
// page and the date pages that list the story.
func TestEditRendersWhatItShows(t *testing.T) {
	fsys := archiveFS(t, basicConfig)
	story := func(n int, title, more string) string {
		// (A slug of its own: a new title leaves the permalink as it is.)
		return fmt.Sprintf("+++\ntitle = %q\ndate = 2014-03-%02dT10:00:00+01:00\nbeat = \"Politics\"\nid = %d\nslug = \"s%d\"\n+++\nThe lead of %d.\n\n%s\n", title, n, 100+n, n, n, more)
	}
	for n := 1; n <= 9; n++ {
		fsys[fmt.Sprintf("content/s%d.md", n)] = &fstest.MapFile{Data: []byte(story(n, fmt.Sprintf("Story %d", n), "More."))}
	}
	// Another month of the year, in another beat.
	fsys["content/may.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"May\"\ndate = 2014-05-02T10:00:00+01:00\nbeat = \"Economy\"\nid = 99\n+++\nMay.\n")}
	opt := Options{Site: fsys, Templates: templates.FS, Static: static.FS, Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	b := NewBuilder(opt)
	if _, res := apply(t, b, Changes{}, nil); res.Failed() {
		t.Fatal(diagText(res))
	}
	rendered := func(p, data string) []string {
		t.Helper()
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
		var out []string
		var mu sync.Mutex
		res, err := b.Build(Changes{Content: []string{p}}, func(pg render.Page) error {
			mu.Lock()
			defer mu.Unlock()
			if !pg.Keep && (strings.HasPrefix(pg.Path, "politics/") || strings.HasPrefix(pg.Path, "archive/20") || strings.HasPrefix(pg.Path, "bericht-") ||
				strings.HasPrefix(pg.Path, "ninjs/20") || strings.HasPrefix(pg.Path, "sitemap-20")) {
				out = append(out, pg.Path)
			}
			return nil
		})
		if err != nil || res.Failed() {
			t.Fatal(err, diagText(res))
		}
		slices.Sort(out)
		return out
	}
	// Stories 9..1 newest first, two a page: story 5 is on page 3.
	if got, want := rendered("content/s5.md", story(5, "Story 5", "Much more.")), []string{
		"bericht-105/s5.html", "ninjs/2014-03.jsonl", "politics/atom.xml", "politics/feed.json", "politics/feed.xml", "sitemap-2014-03.xml",
	}; !slices.Equal(got, want) {
		t.Errorf("body edit rendered %v, want %v", got, want)
	}
	if got, want := rendered("content/s5.md", story(5, "Story five", "Much more.")), []string{
		"archive/2014/03/05/index.html", "archive/2014/03/index.html", "archive/2014/05/index.html", "archive/2014/index.html",
		"bericht-104/s4.html", "bericht-105/s5.html", "bericht-106/s6.html", "ninjs/2014-03.jsonl",
		"politics/atom.xml", "politics/feed.json", "politics/feed.xml", "politics/page/3/index.html", "sitemap-2014-03.xml",
	}; !slices.Equal(got, want) {
		t.Errorf("title edit rendered %v, want %v", got, want)
	}
	// A new story, the newest: every page of its beat (the others moved
	// down), its neighbour's page, its date; no other story's page or date.
	if got, want := rendered("content/s10.md", story(10, "Story 10", "New.")), []string{
		"archive/2014/03/10/index.html", "archive/2014/03/index.html", "archive/2014/05/index.html", "archive/2014/index.html",
		"bericht-109/s9.html", "bericht-110/s10.html", "ninjs/2014-03.jsonl",
		"politics/atom.xml", "politics/feed.json", "politics/feed.xml", "politics/index.html",
		"politics/page/2/index.html", "politics/page/3/index.html", "politics/page/4/index.html", "politics/page/5/index.html",
		"sitemap-2014-03.xml",
	}; !slices.Equal(got, want) {
		t.Errorf("a new story rendered %v, want %v", got, want)
	}
}

// TestContentFiles: every story file under content/, at any depth, sorted
// by path, with size and mtime; not in hidden folders, not other files.
func TestContentFiles(t *testing.T) {
	fsys := fstest.MapFS{"config.toml": {Data: []byte("")}}
	var want []string
	for y := 2001; y <= 2024; y++ {
		for _, name := range []string{"b.md", "a.txt", "notes.pdf"} {
			p := fmt.Sprintf("content/articles/%d/%02d/%s", y, y%12+1, name)
			fsys[p] = &fstest.MapFile{Data: []byte(p), ModTime: time.Unix(int64(y), 0)}
			if name != "notes.pdf" {
				want = append(want, p)
			}
		}
	}
	// Files beside folders, in path order between and after theirs, and a
	// folder whose name sorts before "articles/" ('-' before '/').
	for _, p := range []string{"content/top.md", "content/articles/a.md", "content/articles/m/x.md", "content/articles/zz.md", "content/articles-old/x.md"} {
		fsys[p] = &fstest.MapFile{Data: []byte("x")}
		want = append(want, p)
	}
	for n := range 2000 { // a folder per story
		p := fmt.Sprintf("content/bundles/%04d/index.md", n)
		fsys[p] = &fstest.MapFile{Data: []byte("y")}
		want = append(want, p)
	}
	fsys["content/.git/stale.md"] = &fstest.MapFile{Data: []byte("x")}
	fsys["content/articles/.drafts/2024/old.md"] = &fstest.MapFile{Data: []byte("x")}
	slices.Sort(want)
	files, err := contentFiles(fsys, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.path)
		if want := int64(len(fsys[f.path].Data)); f.size != want || f.mtime != fsys[f.path].ModTime.UnixNano() {
			t.Errorf("%s: size %d, mtime %d", f.path, f.size, f.mtime)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	delete(fsys, "content/top.md")
	for p := range fsys {
		if strings.HasPrefix(p, "content/") {
			delete(fsys, p)
		}
	}
	if _, err := contentFiles(fsys, true, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no content folder: %v, want an error that it does not exist", err)
	}
}
