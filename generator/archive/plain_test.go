package archive

import (
	"net/url"
	"strings"
	"testing"
)

// plainCases are permalinks and article URLs on either side of the short
// ways' edges.
var plainCases = []string{
	"/", "/a", "/a/", "/a/b.html", "/bericht-575/putin-obama.html", "/a.b/c", "/a./b",
	"/2013/03/03/", "//a/b", "/a//b", "/./a", "/a/../b", "/a/.", "/a/.hidden", "/.well-known/x",
	"/a%20b/", "/a%2Fb", "/a%", "/a\\b", "/a\x00b", "/grüße/", "/a b", "/a?b", "/a#b", "/a;b",
	"https://news.example.org/bericht-1/x.html", "http://news.example.org/a/", "https://news.example.org",
	"https://news.example.org/", "https://user@host/a", "https://host:8080/a", "https://Host.ORG/a",
	"HTTPS://host/a", "ftp://host/a", "https:///a", "https://ho_st/a", "a/b", "", "mailto:x@y",
}

// FuzzPlainWays holds the short ways to the long ones: where plainFile
// answers, File's long way answers the same; where plainURLPath answers,
// the URL parses without a query, fragment or opaque part, and its escaped
// path is the answer.
func FuzzPlainWays(f *testing.F) {
	for _, c := range plainCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if file, ok := plainFile(s); ok {
			if want, err := decodeFile(s); err != nil || file != want {
				t.Errorf("plainFile(%q) = %q; the long way: %q, %v", s, file, want, err)
			}
		}
		p, ok := plainURLPath(s)
		if !ok {
			return
		}
		u, err := url.Parse(s)
		switch {
		case err != nil:
			t.Errorf("plainURLPath(%q) = %q; url.Parse: %v", s, p, err)
		case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Opaque != "":
			t.Errorf("plainURLPath(%q) = %q; the URL has a query, fragment or opaque part", s, p)
		case u.Host == "" && !strings.HasPrefix(u.Path, "/"):
			t.Errorf("plainURLPath(%q) = %q; the URL has neither a host nor an absolute path", s, p)
		case u.EscapedPath() != p:
			t.Errorf("plainURLPath(%q) = %q; url.Parse's escaped path: %q", s, p, u.EscapedPath())
		}
	})
}

// TestPlainWaysTakeTheUsualForms checks that the short ways answer for the
// permalinks and URLs of a usual archive (or they would save nothing), and
// leave the others to the long way.
func TestPlainWaysTakeTheUsualForms(t *testing.T) {
	for _, c := range []struct {
		in        string
		file, url bool
	}{
		{"/bericht-575/putin-obama.html", true, true},
		{"/2013/03/03/a-story/", true, true},
		{"https://news.example.org/bericht-1/x.html", false, true},
		{"/a%20b/", false, false},
		{"/grüße/", true, false},
		{"/a/../b", false, true},
		{"https://host:8080/a", false, false},
	} {
		if _, ok := plainFile(c.in); ok != c.file {
			t.Errorf("plainFile(%q) answers: %v, want %v", c.in, ok, c.file)
		}
		if _, ok := plainURLPath(c.in); ok != c.url {
			t.Errorf("plainURLPath(%q) answers: %v, want %v", c.in, ok, c.url)
		}
	}
}
