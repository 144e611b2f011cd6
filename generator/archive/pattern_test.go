package archive

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPatternMatchesAsTheRegexp(t *testing.T) {
	for _, c := range []struct{ pattern, path, id, slug string }{
		{"/bericht-{id}/{slug}.html", "/bericht-33432/union-pressure.html", "33432", "union-pressure"},
		{"/bericht-{id}/{slug}.html", "/bericht-33432/a.b.html.html", "33432", "a.b.html"},
		{"/bericht-{id}/{slug}.html", "/bericht-x/a.html", "", ""},
		{"/{slug}-{id}/", "/a-b-12-7/", "7", "a-b-12"},
		{"/{yyyy}/{mm}/{dd}/{slug}/", "/2014/03/30/ü-x/", "", "ü-x"},
		{"/{yyyy}/{mm}/{slug}", "/201/03/x", "", ""},
		{"/{slug}{beat}/", "/ab€/", "", "ab"},
		{"/{id}/{id}/", "/1/x/", "1", ""},
		{"/{nope}/{slug", "/x/{slug", "", ""},
	} {
		p := compilePattern(c.pattern)
		id, slug, ok := p.match(c.path)
		wid, wslug, wok := p.matchRegexp(c.path)
		if id != wid || slug != wslug || ok != wok {
			t.Errorf("%s on %s: %q %q %v; the regexp gives %q %q %v", c.pattern, c.path, id, slug, ok, wid, wslug, wok)
		}
		if ok && (id != c.id || slug != c.slug) {
			t.Errorf("%s on %s: id %q slug %q, want %q %q", c.pattern, c.path, id, slug, c.id, c.slug)
		}
	}
}

// TestPatternGivesUpToTheRegexp: a pattern that would make the matcher
// backtrack for long (placeholders side by side, and a path that almost
// matches) is left to the regexp, with the same answer.
func TestPatternGivesUpToTheRegexp(t *testing.T) {
	p := compilePattern("/{slug}{beat}{a}{b}{c}{d}{e}x")
	for _, s := range []string{"/" + strings.Repeat("a", 3000) + "y", "/" + strings.Repeat("a", 3000) + "x"} {
		id, slug, ok := p.match(s)
		wid, wslug, wok := p.matchRegexp(s)
		if id != wid || slug != wslug || ok != wok {
			t.Errorf("%d bytes: %q, slug of %d bytes, %v; the regexp gives %q, %d bytes, %v", len(s), id, len(slug), ok, wid, len(wslug), wok)
		}
	}
}

// FuzzPatternMatch: the matcher and the regexp agree on every pattern and
// permalink (permalinks are percent-escaped, so UTF-8).
func FuzzPatternMatch(f *testing.F) {
	f.Add("/bericht-{id}/{slug}.html", "/bericht-1/a.html")
	f.Add("/{yyyy}/{mm}/{dd}/{slug}-{id}/", "/2020/01/02/a-b-3/")
	f.Add("/{slug}{beat}/{id}{id}", "/xy/12")
	f.Fuzz(func(t *testing.T, pat, s string) {
		if !utf8.ValidString(s) {
			return
		}
		p := compilePattern(pat)
		id, slug, ok := p.match(s)
		wid, wslug, wok := p.matchRegexp(s)
		if id != wid || slug != wslug || ok != wok {
			t.Fatalf("%q on %q: %q %q %v; the regexp gives %q %q %v", pat, s, id, slug, ok, wid, wslug, wok)
		}
	})
}
