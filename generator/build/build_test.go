package build

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"dateline/generator/build/buildtest"
	"dateline/generator/render"
	"dateline/static"
	"dateline/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// archiveFS turns a txtar archive into a file system.
func archiveFS(t *testing.T, src string) fstest.MapFS { return buildtest.MapFS(src) }

// site is a built archive: output path -> bytes.
type site struct {
	pages map[string]string
	res   *Result
}

func buildFS(t *testing.T, fsys fs.FS, opt Options) *site {
	t.Helper()
	opt.Site, opt.Templates, opt.Static = fsys, templates.FS, static.FS
	if opt.Now.IsZero() {
		opt.Now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	}
	s := &site{pages: map[string]string{}}
	var mu sync.Mutex
	res, err := Build(opt, func(p render.Page) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := s.pages[p.Path]; dup {
			t.Errorf("page %s emitted twice", p.Path)
		}
		s.pages[p.Path] = string(p.Data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.res = res
	return s
}

// buildOK builds and fails the test on any error diagnostic.
func buildOK(t *testing.T, src string) *site {
	t.Helper()
	s := buildFS(t, archiveFS(t, src), Options{})
	if s.res.Failed() {
		t.Fatalf("build failed:\n%s", diagText(s.res))
	}
	return s
}

func diagText(r *Result) string {
	var b strings.Builder
	for _, d := range r.Diagnostics {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func (s *site) page(t *testing.T, p string) string {
	t.Helper()
	page, ok := s.pages[p]
	if !ok {
		var all []string
		for k := range s.pages {
			all = append(all, k)
		}
		slices.Sort(all)
		t.Fatalf("no page %s; have %s", p, strings.Join(all, " "))
	}
	return page
}

const basicConfig = `
-- config.toml --
title = "Test Wire"
baseURL = "https://news.example/"
timezone = "Europe/Berlin"
paginate = 2
[agency]
name = "TNA"
copyright = "© Test News Agency"
[legal]
footer = "**Legal:** Test News Agency, Example Street 1."
[[beats]]
name = "Politics"
description = "Government and parties."
`

const wireStory = `Beat: Politics

## Council approves harbour budget

Hamburg, 03.03.2013, 07:25 Time

**TNA** - The city council approved the harbour budget on Sunday.

Second paragraph with Standard Oil <SRD> said and <script>alert(1)</script> inside.

**Article online:**

<https://news.example/bericht-575/council-approves-harbour-budget.html>

**Editorial office and responsibility:**

Legal boilerplate that must not appear.
`

func TestStoryPage(t *testing.T) {
	s := buildOK(t, basicConfig+"-- content/politics/a.txt --\n"+wireStory)
	page := s.page(t, "bericht-575/council-approves-harbour-budget.html")
	for _, want := range []string{
		`<html lang="en">`,
		`<h1>Council approves harbour budget</h1>`,
		`<span class="byline">Hamburg</span>`,
		`<time datetime="2013-03-03T07:25:00+01:00">3 March 2013, 07:25</time>`,
		`<link rel="canonical" href="https://news.example/bericht-575/council-approves-harbour-budget.html">`,
		`<a href="/politics/">Politics</a>`,
		`<p><strong>TNA</strong> - The city council approved the harbour budget on Sunday.</p>`,
		`Standard Oil &lt;SRD&gt; said`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("story page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>", "<SRD>", "<srd", "boilerplate that must not"} {
		if strings.Contains(page, bad) {
			t.Errorf("story page contains %q", bad)
		}
	}
	if n := strings.Count(page, "<strong>Legal:</strong> Test News Agency"); n != 1 {
		t.Errorf("legal footer appears %d times, want 1", n)
	}
}

func TestTitleIsText(t *testing.T) {
	src := basicConfig + `-- content/a.md --
+++
title = "Profits at <b>Procter</b> & Gamble rise"
date = 2020-01-02T10:00:00+01:00
beat = "Economy"
+++
Text.
`
	s := buildOK(t, src)
	page := s.page(t, "bericht-1/profits-at-b-procter-b-gamble-rise.html")
	if !strings.Contains(page, "<h1>Profits at &lt;b&gt;Procter&lt;/b&gt; &amp; Gamble rise</h1>") {
		t.Errorf("title not shown as text:\n%s", page)
	}
}

// TestEveryPage builds a small archive and checks that every page of
// DESIGN.md exists, carries the footer once, canonical and lang, and that
// every internal link answers.
func TestEveryPage(t *testing.T) {
	s := buildOK(t, basicConfig+threeBeats)
	for _, p := range []string{
		"index.html", "404.html", "beats/index.html", "imprint/index.html",
		"politics/index.html", "politics/page/2/index.html", "crude-oil/index.html", "wirtschaft-aussenhandel/index.html",
		"archive/index.html", "archive/2013/index.html", "archive/2013/03/index.html", "archive/2013/03/03/index.html",
		"archive/2014/12/31/index.html", "css/style.css",
		"bericht-575/council-approves-harbour-budget.html",
		"special/election-night/index.html",
	} {
		s.page(t, p)
	}
	checkSite(t, s)
}

var link = regexp.MustCompile(`(?:href|src)="(/[^"]*)"`)

// checkSite checks every HTML page: lang, canonical, footer once, and every
// internal link answered.
func checkSite(t *testing.T, s *site) {
	t.Helper()
	for p, page := range s.pages {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		if !strings.Contains(page, "<html lang=") || !strings.Contains(page, `<link rel="canonical" href="https://`) {
			t.Errorf("%s lacks lang or canonical", p)
		}
		if strings.HasPrefix(p, "embed/") {
			// Embed cards have no site chrome: a one-line attribution instead.
			if !strings.Contains(page, `class="attribution"`) || !strings.Contains(page, `<meta name="robots" content="noindex">`) {
				t.Errorf("%s: embed card without attribution or noindex", p)
			}
		} else if strings.Contains(page, `<meta http-equiv="refresh"`) {
			// A redirect page of an alias: no chrome, it leaves at once.
		} else if p != "imprint/index.html" && strings.Count(page, `<footer class="legal">`) != 1 {
			t.Errorf("%s: footer count %d", p, strings.Count(page, `<footer class="legal">`))
		}
		for _, m := range link.FindAllStringSubmatch(page, -1) {
			target := strings.TrimPrefix(m[1], "/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, ok := s.pages[target]; !ok {
				t.Errorf("%s links to %s, which does not exist", p, m[1])
			}
		}
	}
}

const threeBeats = `-- content/politics/a.txt --
` + wireStory + `-- content/politics/b.md --
+++
title = "Election night"
date = 2014-12-31T23:30:00+01:00
beat = "Politics"
url = "/special/election-night/"
+++
Results.
-- content/politics/c.md --
---
title: Coalition talks resume
date: 2013-03-03T09:00:00+01:00
beats: [Politics, Economy]
author: Anna Berg
---
Talks resumed.
-- content/oil/d.md --
+++
title = "Brent rises"
date = "2013-03-04 10:00"
beat = "Crude Oil"
+++
Up.
-- content/de/e.txt --
Ressort: Wirtschaft & Außenhandel

## Exporte steigen kräftig

Jürgen Weiß, München, 03.03.2013, 18:05 Uhr

**TNA** - Die Exporte sind gestiegen.

**Article online:**

<https://news.example/bericht-900/exporte-steigen-kraeftig.html>
-- content/_index.md --
+++
title = "Archive"
+++
`

func TestArchiveModelPages(t *testing.T) {
	s := buildOK(t, basicConfig+threeBeats)
	home := s.page(t, "index.html")
	// Newest first: election night (2014), Brent (2013-03-04), exports, talks, council.
	order := []string{"Election night", "Brent rises"}
	if i, j := strings.Index(home, order[0]), strings.Index(home, order[1]); i < 0 || j < 0 || i > j {
		t.Errorf("home does not list %q before %q", order[0], order[1])
	}
	for _, want := range []string{`<a href="/crude-oil/">Crude Oil</a> <span class="count">(1)</span>`,
		`<a href="/politics/">Politics</a> <span class="count">(3)</span>`} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	day := s.page(t, "archive/2013/03/03/index.html")
	for _, want := range []string{"Coalition talks resume", "Council approves harbour budget", "Exporte steigen kräftig"} {
		if !strings.Contains(day, want) {
			t.Errorf("day page lacks %q", want)
		}
	}
	p1, p2 := s.page(t, "politics/index.html"), s.page(t, "politics/page/2/index.html")
	if !strings.Contains(p1, "Election night") || !strings.Contains(p2, "Council approves") || !strings.Contains(p1, `href="/politics/page/2/"`) {
		t.Errorf("beat pagination wrong:\n%s", p1)
	}
	story := s.page(t, "bericht-903/coalition-talks-resume.html")
	if !strings.Contains(story, `rel="prev" href="/bericht-575/council-approves-harbour-budget.html"`) ||
		!strings.Contains(story, `rel="next" href="/special/election-night/"`) {
		t.Errorf("previous/next links wrong:\n%s", story)
	}
	de := s.page(t, "bericht-900/exporte-steigen-kraeftig.html")
	if !strings.Contains(de, `<span class="byline">Jürgen Weiß, München</span>`) {
		t.Errorf("German byline lost")
	}
}

func TestDrafts(t *testing.T) {
	src := basicConfig + `-- content/a.md --
+++
title = "Not yet"
date = 2020-01-02T10:00:00+01:00
beat = "Politics"
draft = true
+++
Text.
`
	fsys := archiveFS(t, src)
	if s := buildFS(t, fsys, Options{}); s.res.Stories != 0 || strings.Contains(s.pages["index.html"], "Not yet") {
		t.Errorf("draft published without --drafts")
	}
	if s := buildFS(t, fsys, Options{Drafts: true}); s.res.Stories != 1 {
		t.Errorf("draft not published with --drafts")
	}
}

func TestBaseURLOverride(t *testing.T) {
	s := buildFS(t, archiveFS(t, basicConfig+"-- content/politics/a.txt --\n"+wireStory), Options{BaseURL: "http://127.0.0.1:1313/preview/"})
	page := s.pages["preview/bericht-575/council-approves-harbour-budget.html"]
	if page == "" {
		page = s.pages["bericht-575/council-approves-harbour-budget.html"]
	}
	if !strings.Contains(page, `href="http://127.0.0.1:1313/preview/bericht-575/council-approves-harbour-budget.html"`) ||
		!strings.Contains(page, `href="/preview/css/style.css"`) {
		t.Errorf("base URL not applied:\n%s", page)
	}
}

// TestDiagnostics checks that every problem in every file is reported, in
// path and line order, with the exact text.
func TestDiagnostics(t *testing.T) {
	src := basicConfig + `-- content/a-empty.txt --
-- content/b-notitle.txt --
Beat: Politics

Hamburg, 03.03.2013, 07:25 Time

Body.
-- content/c-baddate.txt --
Beat: Politics

## Title

-, 31.02.2013, 07:25 Time

Body.
-- content/d-nobeat.md --
+++
title = "No beat"
date = 2020-01-01
tags = ["x"]
+++
Body.
-- content/e-badtoml.md --
+++
title = "Broken
date = 2020-01-01
+++
Body.
-- content/f-one.md --
+++
title = "One"
date = 2020-01-01T10:00:00Z
beat = "Politics"
url = "/same/"
+++
Body.
-- content/g-two.md --
+++
title = "Two"
date = 2020-01-01T11:00:00Z
beat = "Politics"
url = "/same/"
+++
Body.
-- content/h-reserved.md --
+++
title = "Reserved"
date = 2020-01-01T11:00:00Z
beat = "Politics"
url = "/archive/2020/"
+++
Body.
-- content/i-latin1.txt --
Beat: Politics

## Gr` + "\xfc" + `n

-, 01.01.2020, 10:00

Body.
`
	s := buildFS(t, archiveFS(t, src), Options{})
	got := diagText(s.res)
	want := `content/a-empty.txt:1: empty file: a story needs a beat, a title, a date and a body
content/b-notitle.txt:3: missing title: expected a line "## Title" after the header
content/c-baddate.txt:5: impossible date 31.02.2013: no such day
content/d-nobeat.md:1: missing beat: add beat = "Politics" to the front matter
content/d-nobeat.md:4: warning: unknown front matter key "tags" is ignored
content/e-badtoml.md:2: front matter (TOML) does not parse: strings cannot contain newlines
content/f-one.md:5: permalink /same/ is also the permalink of content/g-two.md; change the url or slug of one
content/g-two.md:5: permalink /same/ is also the permalink of content/f-one.md; change the url or slug of one
content/h-reserved.md:5: permalink /archive/2020/ is in /archive/, which dateline reserves for its own pages; change the story's url in its front matter
content/i-latin1.txt:3: not UTF-8 (is it Latin-1 or Windows-1252?): convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if !s.res.Failed() || len(s.pages) != 0 {
		t.Errorf("a failed build emitted %d pages", len(s.pages))
	}
}

func TestTemplateOverrideAndErrors(t *testing.T) {
	base := basicConfig + "-- content/politics/a.txt --\n" + wireStory
	s := buildOK(t, base+`-- templates/partials/footer.html --
<footer class="legal">OUR OWN FOOTER</footer>
`)
	if !strings.Contains(s.page(t, "index.html"), "OUR OWN FOOTER") {
		t.Errorf("templates/partials/footer.html does not override the default")
	}
	bad := buildFS(t, archiveFS(t, base+`-- templates/article.html --
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ nosuchfunc .Title }}
{{ end }}
`), Options{})
	if got, want := diagText(bad.res), "templates/article.html:3: function \"nosuchfunc\" not defined\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	exec := buildFS(t, archiveFS(t, base+`-- templates/article.html --
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ index .Params "x" "y" }}
{{ end }}
`), Options{})
	got := diagText(exec.res)
	if !strings.HasPrefix(got, "templates/article.html:3: ") || !strings.Contains(got, "(rendering content/politics/a.txt)") {
		t.Errorf("execution error not located: %q", got)
	}
}

// TestSampleArchive builds the repository's own sample archive: no error,
// at least 40 stories in at least 6 beats, both formats, every story at its
// permalink, every link answered.
func TestSampleArchive(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	s := buildFS(t, os.DirFS(root), Options{})
	if s.res.Failed() {
		t.Fatalf("the sample archive does not build:\n%s", diagText(s.res))
	}
	if s.res.Stories < 40 {
		t.Errorf("sample archive has %d stories, want at least 40", s.res.Stories)
	}
	beats := 0
	for p := range s.pages {
		if strings.Count(p, "/") == 1 && strings.HasSuffix(p, "/index.html") && !slices.Contains([]string{"beats", "archive", "imprint", "css"}, strings.Split(p, "/")[0]) {
			beats++
		}
	}
	if beats < 6 {
		t.Errorf("sample archive has %d beat pages, want at least 6", beats)
	}
	checkSite(t, s)
}

// TestSchedulingDoesNotMatter builds the sample archive on one core and on
// eight, and checks that the pages are identical.
func TestSchedulingDoesNotMatter(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := buildFS(t, os.DirFS(root), Options{})
	runtime.GOMAXPROCS(8)
	eight := buildFS(t, os.DirFS(root), Options{})
	if diff := cmp.Diff(one.pages, eight.pages); diff != "" {
		t.Errorf("GOMAXPROCS 1 and 8 give different pages:\n%s", diff)
	}
}

// TestHugeStoryBuilds builds a 10 MB story: it must build (in about linear
// time; the test only checks that it does), body and all.
func TestHugeStoryBuilds(t *testing.T) {
	para := strings.Repeat("A long paragraph of agency copy that goes on and on. ", 2000)
	body := strings.Repeat(para+"\n\n", 100)
	s := buildOK(t, basicConfig+"-- content/x.txt --\nBeat: Politics\n\n## Long\n\n-, 01.02.2013, 10:00\n\n"+body+
		"**Article online:**\n\n<https://news.example/bericht-1/long.html>\n")
	page := s.page(t, "bericht-1/long.html")
	if len(body) < 10<<20 || strings.Count(page, "<p>A long paragraph") != 100 {
		t.Errorf("the 10 MB story lost text: %d paragraphs", strings.Count(page, "<p>A long paragraph"))
	}
}

// TestLanguageIsAFile adds French with one file in the archive's
// templates/i18n, and overrides one string from config.toml.
func TestLanguageIsAFile(t *testing.T) {
	src := strings.Replace(basicConfig, `timezone = "Europe/Berlin"`, "timezone = \"Europe/Berlin\"\nlanguage = \"fr\"", 1) +
		"[strings]\nhome = \"Une\"\n" + "-- content/politics/a.txt --\n" + wireStory + `-- templates/i18n/fr.toml --
locale = "fr_FR"
months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
dateTime = "{d} {month} {yyyy} à {HH} h {MM}"
[strings]
latest = "Dernières dépêches"
`
	s := buildOK(t, src)
	home, story := s.page(t, "index.html"), s.page(t, "bericht-575/council-approves-harbour-budget.html")
	for _, want := range []string{`<html lang="fr">`, "Dernières dépêches", "3 mars 2013 à 07 h 25", `content="fr_FR"`} {
		if !strings.Contains(home+story, want) {
			t.Errorf("French pages lack %q", want)
		}
	}
	if !strings.Contains(story, ">Une</a>") || !strings.Contains(home, "Skip to content") {
		t.Errorf("the [strings] override or the English fallback is missing")
	}
	bad := buildFS(t, archiveFS(t, strings.Replace(basicConfig, `timezone = "Europe/Berlin"`, "timezone = \"Europe/Berlin\"\nlanguage = \"xx\"", 1)+"-- content/politics/a.txt --\n"+wireStory), Options{})
	if got := diagText(bad.res); !strings.Contains(got, `config.toml:1: language: language "xx" has no templates/i18n/xx.toml`) {
		t.Errorf("a language without a file: %s", got)
	}
}
