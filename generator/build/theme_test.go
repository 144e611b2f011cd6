package build

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
)

// TestPartialCached: partialCached runs a partial once per list of variants
// (every page with the same variants shows the same HTML) and once per
// page when a variant differs; partial runs it on every page.
func TestPartialCached(t *testing.T) {
	s := buildOK(t, basicConfig+threeBeats+`-- templates/partials/title.html --
<b>{{ .Title }}</b>
-- templates/article.html --
{{ define "main" }}
<p class="once">{{ partialCached "title.html" . "the same" }}</p>
<p class="each">{{ partialCached "title.html" . .Title }}</p>
<p class="plain">{{ partial "title.html" . }}</p>
{{ end }}
`)
	field := regexp.MustCompile(`<p class="(\w+)"><b>([^<]*)</b>`)
	once := map[string]bool{}
	stories := 0
	for p, page := range s.pages {
		if !strings.HasPrefix(p, "bericht-") {
			continue
		}
		stories++
		got := map[string]string{}
		for _, m := range field.FindAllStringSubmatch(page, -1) {
			got[m[1]] = m[2]
		}
		title := regexp.MustCompile(`<title>(.*) – `).FindStringSubmatch(page)
		if title == nil || got["each"] != html.EscapeString(title[1]) || got["plain"] != got["each"] || got["once"] == "" {
			t.Errorf("%s: %v (title %v)", p, got, title)
		}
		once[got["once"]] = true
	}
	if stories < 3 || len(once) != 1 {
		t.Errorf("%d stories; partialCached with one variant gave %d different outputs, want 1", stories, len(once))
	}
}

// TestPaginationWindow: a beat page links to the first and last pages and
// the two on either side of its own, with "…" for the rest, so that a
// beat's pages do not grow with the number of its pages.
func TestPaginationWindow(t *testing.T) {
	src := basicConfig
	for n := 1; n <= 30; n++ {
		src += fmt.Sprintf("-- content/s%d.md --\n+++\ntitle = \"Story %d\"\ndate = 2014-03-%02dT10:00:00+01:00\nbeat = \"Politics\"\nid = %d\n+++\nText.\n", n, n, n, 100+n)
	}
	s := buildOK(t, src)
	nav := regexp.MustCompile(`(?s)<nav class="pagination".*?</nav>`)
	item := regexp.MustCompile(`<li>(?:<span class="gap">(…)</span>|<span aria-current="page">(\d+)</span>|<a href="[^"]*">(\d+)</a>)</li>`)
	for page, want := range map[string]string{
		"politics/index.html":         "[1] 2 3 … 15",
		"politics/page/8/index.html":  "1 … 6 7 [8] 9 10 … 15",
		"politics/page/4/index.html":  "1 2 3 [4] 5 6 … 15",
		"politics/page/15/index.html": "1 … 13 14 [15]",
	} {
		var got []string
		for _, m := range item.FindAllStringSubmatch(nav.FindString(s.page(t, page)), -1) {
			switch {
			case m[1] != "":
				got = append(got, m[1])
			case m[2] != "":
				got = append(got, "["+m[2]+"]")
			default:
				got = append(got, m[3])
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: pages %q, want %q", page, strings.Join(got, " "), want)
		}
	}
}

// TestStoryLinkPermalink: a theme that lists stories by their absolute
// URLs gets them; the build makes a link's Permalink only when asked.
func TestStoryLinkPermalink(t *testing.T) {
	s := buildOK(t, basicConfig+threeBeats+`-- templates/beat.html --
{{ define "main" }}{{ range .Paginator.Pages }}<a class="abs" href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}{{ end }}
`)
	page := s.page(t, "politics/index.html")
	links := regexp.MustCompile(`<a class="abs" href="([^"]*)">`).FindAllStringSubmatch(page, -1)
	if len(links) == 0 {
		t.Fatalf("no story links on the beat page:\n%s", page)
	}
	for _, l := range links {
		if !strings.HasPrefix(l[1], "https://news.example/") || len(l[1]) <= len("https://news.example/") {
			t.Errorf("a story's Permalink is %q, want an absolute URL of a story", l[1])
		}
	}
}
