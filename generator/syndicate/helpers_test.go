package syndicate_test

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/config"
	"dateline/generator/render"
	"dateline/generator/syndicate"
)

// testConfig is config.toml of the small archive; extra is appended.
const testConfig = `
title = "USPA News Archive"
baseURL = "https://news.example/"
language = "en"
timezone = "Europe/Berlin"

[agency]
name = "USPA"
copyright = "© 2024 USPA United Press Agency"

[[beats]]
name = "Economy"
description = "Markets and money"

[[beats]]
name = "Culture"
description = "Configured, but no stories yet"
`

var berlin = mustLoad("Europe/Berlin")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a wall-clock time in Berlin.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, berlin)
}

// newConfig parses testConfig followed by extra.
func newConfig(t testing.TB, extra string) *config.Config {
	return newConfigAt(t, "https://news.example/", extra)
}

// newConfigAt is newConfig with another baseURL.
func newConfigAt(t testing.TB, base, extra string) *config.Config {
	t.Helper()
	data := strings.Replace(testConfig, `"https://news.example/"`, fmt.Sprintf("%q", base), 1) + extra
	cfg, err := config.Parse([]byte(data))
	if err != nil {
		t.Fatalf("config.Parse: %v", err)
	}
	return cfg
}

// story is one article of a test archive with its Markdown body.
type story struct {
	article.Article
	body string
}

// now is Options.Now of the small archive.
var now = at(2024, time.March, 10, 12, 0)

// smallArchive is the archive most tests use, newest first. It has a story
// edited after publication, one in the future, one that is in March in Berlin
// but in February in UTC, a beat that is not configured (Politics) and a
// configured beat without stories (Culture).
func smallArchive() []story {
	return []story{
		{article.Article{Path: "economy/future.md", Title: "Tomorrow's briefing", Beats: []string{"Economy"},
			Date: at(2024, time.March, 11, 8, 0), ID: 106, Slug: "tomorrow"}, "Embargoed until tomorrow."},
		{article.Article{Path: "economy/oil.md", Title: "Oil prices rise", Beats: []string{"Economy", "Politics"},
			Byline: "Jane Roe", Place: "Frankfurt", Summary: "Brent gained 3 percent.",
			Date: at(2024, time.March, 10, 9, 0), Lastmod: at(2024, time.March, 10, 11, 30), ID: 105, Slug: "oil-prices-rise"},
			"Brent gained **3 percent** on Monday.\n\nTraders were calm."},
		{article.Article{Path: "economy/markets.md", Title: "Markets calm", Beats: []string{"Economy"},
			Date: at(2024, time.March, 9, 15, 0), ID: 104, Slug: "markets-calm"}, "Nothing moved."},
		{article.Article{Path: "politics/election.md", Title: "Election called", Beats: []string{"Politics"},
			Byline: "John Doe", Date: at(2024, time.March, 8, 10, 0), ID: 103, Slug: "election-called"}, "The vote is in May."},
		{article.Article{Path: "economy/leap.md", Title: "Leap day close", Beats: []string{"Economy"},
			Date: time.Date(2024, time.February, 29, 23, 30, 0, 0, time.UTC), ID: 102, Slug: "leap-day-close"}, "Half an hour into March in Berlin."},
		{article.Article{Path: "politics/budget.md", Title: "Budget passed", Beats: []string{"Politics"},
			Place: "Berlin", Date: at(2024, time.January, 15, 14, 0), ID: 101, Slug: "budget-passed"}, "The budget passed."},
	}
}

// built is one run of Syndicate over a test archive.
type built struct {
	archive *archive.Archive
	stories map[string]*archive.Story // by article path
	pages   map[string]render.Page
	base    string     // baseURL, ending in "/"
	mu      sync.Mutex // guards pages: Syndicate emits from several goroutines
}

// page returns the bytes of a file the run wrote.
func (b *built) page(t testing.TB, path string) []byte {
	t.Helper()
	p, ok := b.pages[path]
	if !ok {
		t.Fatalf("no file %s; have %s", path, strings.Join(slices.Sorted(maps.Keys(b.pages)), " "))
	}
	if p.Keep || p.Data == nil {
		t.Fatalf("%s: Keep %v, %d bytes; want it rendered", path, p.Keep, len(p.Data))
	}
	if p.Kind != render.Feed {
		t.Errorf("%s: Kind %v, want render.Feed", path, p.Kind)
	}
	return p.Data
}

// url is the absolute URL of a story of the archive.
func (b *built) url(t testing.TB, path string) string {
	t.Helper()
	st := b.stories[path]
	if st == nil {
		t.Fatalf("no story %s", path)
	}
	return b.base + strings.TrimPrefix(st.Permalink, "/")
}

// build makes the archive of stories and runs Syndicate over it; opt's
// Config, Body and Markdown are filled in when empty.
func build(t testing.TB, cfg *config.Config, stories []story, opt syndicate.Options) *built {
	t.Helper()
	articles := make([]*article.Article, len(stories))
	bodies := make(map[string]string, len(stories))
	for i := range stories {
		a := stories[i].Article
		if a.Format == 0 {
			a.Format = article.Markdown
		}
		articles[i] = &a
		bodies[a.Path] = stories[i].body
	}
	a, ds := archive.New(cfg, articles)
	if len(ds) > 0 {
		t.Fatalf("archive.New: %v", ds)
	}
	b := &built{archive: a, stories: map[string]*archive.Story{}, pages: map[string]render.Page{}, base: cfg.Base.String()}
	for _, st := range a.Stories {
		b.stories[st.Path] = st
	}
	opt.Config = cfg
	if opt.Markdown == nil {
		opt.Markdown = render.NewMarkdown()
	}
	if opt.Body == nil {
		opt.Body = func(st *archive.Story, use func([]byte) error) error {
			body, ok := bodies[st.Path]
			if !ok {
				return fmt.Errorf("no body for %s", st.Path)
			}
			return use([]byte(body))
		}
	}
	err := syndicate.Syndicate(a, opt, b.collect(t))
	if err != nil {
		t.Fatalf("Syndicate: %v", err)
	}
	return b
}

// collect returns an emit func that keeps the pages in b.pages.
func (b *built) collect(t testing.TB) func(render.Page) error {
	return func(p render.Page) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, dup := b.pages[p.Path]; dup {
			t.Errorf("%s emitted twice", p.Path)
		}
		p.Data = bytes.Clone(p.Data)
		b.pages[p.Path] = p
		return nil
	}
}

// verbatim is a goldmark.Markdown whose output is its input: it lets a test
// put any bytes into a story's HTML, as a theme's Markdown extension might.
type verbatim struct{ goldmark.Markdown }

func (verbatim) Convert(src []byte, w io.Writer, _ ...parser.ParseOption) error {
	_, err := w.Write(src)
	return err
}
