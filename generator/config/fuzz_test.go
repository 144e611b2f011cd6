package config_test

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"dateline/generator/config"
)

// The fuzz target is seeded from the table cases of config_test.go (copied
// here: those tables live inside their test functions), the sample
// archive's config.toml and inputs that probe the decoder and keyLine. A
// failing input found by "go test -fuzz" lands in testdata/fuzz/FuzzParse
// and is committed, so that "go test" runs it from then on.

var parseSeeds = []string{
	// TestParse
	"",
	"# nothing set\n\n",
	`baseURL = "https://x.org/news"`,
	`baseURL = "https://x.org"`,
	`baseURL = "/archive-site/"`,
	`baseurl = "https://x.org/"` + "\nTitle = \"T\"",
	`title = "Archiv"
baseURL = "https://x.org/de/"
language = "de"
timezone = "America/New_York"
paginate = 1
[agency]
name = "dpa"
copyright = "© dpa"
[permalinks]
article = "/{beat}/{yyyy}/{mm}/{dd}/{slug}/"
ledger = false
[[beats]]
name = "Crude Oil"
slug = "oil"
description = "Barrels."
[legal]
footer = """
**Impressum:** name = "not a key"
"""
[wire]
boilerplate = ["**Impressum:**"]
`,
	// TestParseErrors
	"title = \"T\"\n\ntitel = \"T\"\n",
	"title = \"T\"\n[agency]\nname = \"A\"\nwebsite = \"https://a.org\"\n",
	"[[beats]]\nname = \"Politics\"\n[[beats]]\nname = \"World\"\ncolour = \"red\"\n",
	"name = \"A\"\n[agency]\nname = \"A\"\n",
	"title = \"T\"\n[agency]\nname = \"A\"\ntitle = \"A\"\n",
	"[legal]\nfooter = \"\"\"\nlink = x\n\"\"\"\n[agency]\nlink = \"https://a.org\"\n",
	"title = \"T\"\n[agenzy]\nname = \"A\"\n",
	"title = \"T\"\npaginate = \"ten\"\n",
	"title = 5\n",
	"[wire]\nboilerplate = \"**Impressum:**\"\n",
	"[[beats]]\nname = 5\n",
	"title = \"T\"\npaginate = \n",
	"title = \"T\"\ntimezone = \"Europe/Bonn\"\n",
	"timezone = \"Local\"\n",
	"timezone = \"\"\n",
	"language = \"fr\"\n",
	"\npaginate = 0\n",
	"paginate = -3\n",
	"baseURL = \"www.uspa24.com/\"\n",
	"baseURL = \"https:///news/\"\n",
	"baseURL = \"https://x.org/?lang=de\"\n",
	"baseURL = \"https://x.org/%zz/\"\n",
	"[permalinks]\narticle = \"bericht-{id}/{slug}.html\"\n",
	"[permalinks]\narticle = \"/{foo}/{id}/\"\n",
	"[permalinks]\narticle = \"/{beat}/{yyyy}/\"\n",
	"[permalinks]\narticle = \"/../{id}.html\"\n",
	"[agency]\nname = \"A\"\n\n[[beats]]\nname = \"Politics\"\n\n[[beats]]\ndescription = \"Nameless.\"\n",
	"[[beats]]\nname = \"  \"\n",
	"[agency]\nname = \"A\"\n[[beats]]\nname = \"Politics\"\n[[beats]]\nname = \"World\"\n[[beats]]\nname = \"Politics\"\n",
	"[[beats]]\nname = \"Politics\"\n[[beats]]\nname = \"politics\"\n",
	"[[beats]]\nname = \"Crude Oil\"\nslug = \"crude/oil\"\n",
	// hand-written: the decoder's and keyLine's corners
	"[permalinks]\narticle = \"/%2e%2e/{id}/\"\n",
	"[permalinks]\narticle = \"/%2Estories/{id}/\"\n",
	"[permalinks]\narticle = \"/a b/{id}/\"\n",
	"[permalinks]\narticle = \"/{id}\\n/\"\n",
	"[permalinks]\narticle = \"/{id}/%zz\"\n",
	"[permalinks]\narticle = \"/{id}}{\"\n",
	"[permalinks]\narticle = \"/{{id}}\"\n",
	"[permalinks]\narticle = \"/<id>{id}/{slug}\"\n",
	"[permalinks]\narticle = 5\n",
	"permalinks = 5\n",
	"beats = \"Politics\"\n",
	"beats = [1, 2]\n",
	"[beats]\nname = \"x\"\n",
	"[[agency]]\nname = \"x\"\n",
	"paginate = 9223372036854775807\n",
	"paginate = 99999999999999999999\n",
	"paginate = 1.5\n",
	"paginate = 1e3\n",
	"paginate = true\n",
	"paginate = 2013-03-03\n",
	"paginate = 07:25:00\n",
	"paginate = [1]\n",
	"paginate = {a = 1}\n",
	"[feeds]\nitems = 0\n",
	"[feeds]\nitems = 1001\n",
	"[syndication]\nninjs = \"yes\"\n",
	"title = \"\"\"\nx = 1\n\"\"\"\ntitel = 1\n",
	"title = '''\nx = 1\n'''\ntitel = 1\n",
	"title = \"\"\"a\"\"\"\n\"title\" = 1\n",
	"\"a.b\" = 1\n",
	"a . b = 1\n",
	"[ \"agency\" ]\nnäme = 1\n",
	"[agency]\r\nname = 1\r\n",
	"\ufefftitle = \"T\"\n",
	"title = \"T\"\x00\n",
	"title = \"\xff\"\n",
	"title = \"T\"\ntitle = \"U\"\n",
	"[agency]\n[agency]\n",
	"[[beats]]\n[[beats]]\nname = \"X\"\n[beats.sub]\n",
	"timezone = \"../../../etc/passwd\"\n",
	"timezone = \"/etc/localtime\"\n",
	"timezone = \"Europe\"\n",
	"timezone = \"utc\"\n",
	"baseURL = \"//host/path\"\n",
	"baseURL = \"mailto:x@y\"\n",
	"baseURL = \"https://x.org/a%2Fb\"\n",
	"baseURL = \"https://x.org#frag\"\n",
	"baseURL = \"https://x.org/?\"\n",
	"baseURL = \"%2F\"\n",
	"baseURL = \"/a%2F\"\n",
	"baseURL = \"\"\n",
	"baseURL = \"https://[::1\"\n",
	"[[beats]]\nname = \"A\"\nslug = \".hidden\"\n",
	"[[beats]]\nname = \"A\"\nslug = \"a%2Fb\"\n",
	"[[beats]]\nname = \"A\"\nslug = \"a\\tb\"\n",
	"[[beats]]\nname = \"A\"\nslug = \"a\\nb\"\n",
	"[[beats]]\nname = \"A\"\nslug = \"a\u00a0b\"\n",
	"[wire]\nboilerplate = [1]\n",
	"[wire]\nboilerplate = [\"\", \"  \"]\n",
	"[[",
	"[",
	"=",
	"\"",
	"'''",
	`"""`,
	"a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
	"a = {b = {c = {d = {e = {f = 1}}}}}\n",
	"a.b.c.d.e.f = 1\n",
}

func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile(filepath.Join("..", "..", "config.toml")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := config.Parse(data)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil {
			if c != nil {
				t.Errorf("Parse returned a config and the error %v", err)
			}
			ce, ok := err.(*config.Error)
			if !ok {
				t.Fatalf("Parse error is a %T, want *config.Error: %v", err, err)
			}
			if ce.Line < 1 || ce.Line > lines {
				t.Errorf("Parse error on line %d of a file of %d lines: %v", ce.Line, lines, err)
			}
			if msg := ce.Error(); !strings.HasPrefix(msg, "config.toml:") || ce.Msg == "" {
				t.Errorf("Parse error %q does not start with config.toml: or has no message", msg)
			}
			return
		}
		if c == nil {
			t.Fatal("Parse returned neither a config nor an error")
		}
		if c.Location == nil || c.Base == nil {
			t.Fatalf("Parse left Location (%v) or Base (%v) unset", c.Location, c.Base)
		}
		if c.Paginate < 1 {
			t.Errorf("Paginate = %d", c.Paginate)
		}
		if c.Feeds.Items < 1 || c.Feeds.Items > 1000 {
			t.Errorf("Feeds.Items = %d", c.Feeds.Items)
		}
		if c.Language == "" || strings.ContainsAny(c.Language, " /\\.") {
			t.Errorf("Language = %q", c.Language)
		}
		if err := config.CheckPattern(c.Permalinks.Article); err != nil {
			t.Errorf("Parse accepted a pattern CheckPattern rejects: %v", err)
		}
		if esc := c.Base.EscapedPath(); !strings.HasPrefix(esc, "/") || !strings.HasSuffix(esc, "/") || !strings.HasSuffix(c.Base.Path, "/") {
			t.Errorf("Base %q: path %q (escaped %q) does not start and end with /", c.Base, c.Base.Path, esc)
		}
		if b := c.Base.String(); !strings.HasSuffix(b, "/") || c.Base.RawQuery != "" || c.Base.ForceQuery || c.Base.Fragment != "" {
			t.Errorf("Base %q does not end in / or has a query or fragment", b)
		}
		for _, b := range c.Beats {
			if strings.TrimSpace(b.Name) == "" || strings.ContainsAny(b.Slug, "/\\?#%") || strings.HasPrefix(b.Slug, ".") ||
				strings.ContainsFunc(b.Slug, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
				t.Errorf("beat %+v accepted", b)
			}
		}
		// Parsing is a function of the bytes.
		c2, err := config.Parse(data)
		if err != nil || c2.Title != c.Title || c2.Base.String() != c.Base.String() {
			t.Errorf("a second Parse differs: %v", err)
		}
	})
}

// FuzzCheckPattern checks that a pattern CheckPattern accepts gives a path
// of usable segments for any id and plain slug: no "..", no hidden
// segment, no bad percent-escape, no space or control character.
func FuzzCheckPattern(f *testing.F) {
	for _, p := range []string{
		"/bericht-{id}/{slug}.html", "/{id}/", "/{slug}", "/{beat}/{yyyy}/{mm}/{dd}/{id}-{slug}/",
		"", "{id}/", "/{foo}/{id}", "/{ID}/", "/{}/{id}", "/{id}/{slug", "/{id}/slug}",
		"/{beat}/{yyyy}/{mm}/{dd}/", "/story.html", "/a/../{id}/", "/{id}?x=1", "/{id}#top",
		`/a\{id}`, "/.stories/{id}/", "/%2e%2e/{id}/", "/%2E/{id}", "/a%2Fb/{id}", "/a%00/{id}",
		"/%zz/{id}", "/a b/{id}", "/a\tb/{id}", "/{id}\n", "/\u00a0/{id}", "/ä/{id}", "/%C3%A4/{id}",
	} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if config.CheckPattern(p) != nil {
			return
		}
		// Fill the placeholders as archive does for a plain story.
		filled := strings.NewReplacer("{id}", "1", "{slug}", "a", "{beat}", "b",
			"{yyyy}", "2013", "{mm}", "03", "{dd}", "03").Replace(p)
		if strings.ContainsAny(filled, "{}") {
			t.Fatalf("CheckPattern(%q) accepted a pattern that leaves braces: %q", p, filled)
		}
		for _, r := range filled {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				t.Errorf("CheckPattern(%q) accepted a space or control character %q", p, r)
			}
		}
		for _, seg := range strings.Split(filled[1:], "/") {
			dec, err := url.PathUnescape(seg)
			if err != nil {
				t.Errorf("CheckPattern(%q) accepted a bad percent-escape in %q", p, seg)
				continue
			}
			if dec == "." || dec == ".." || strings.HasPrefix(dec, ".") || strings.ContainsAny(dec, "/\\\x00") {
				t.Errorf("CheckPattern(%q) accepted the segment %q (%q)", p, seg, dec)
			}
		}
	})
}
