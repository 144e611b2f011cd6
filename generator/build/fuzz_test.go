package build_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"dateline/generator/archive"
	"dateline/generator/build"
	"dateline/generator/render"
	"dateline/static"
	"dateline/templates"
)

// FuzzBuildOneStory builds a whole archive of one story in memory: a fixed
// config.toml and one file, content/NAME.txt or content/NAME.md, whose bytes
// are fuzzed. A failing input found by "go test -fuzz" lands in
// testdata/fuzz/FuzzBuildOneStory and is committed, so that "go test" runs
// it from then on.

const fuzzConfig = `title = "Fuzz Wire"
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
[feeds]
items = 5
`

const fuzzWire = `Beat: Politics

## Council approves harbour budget

Hamburg, 03.03.2013, 07:25 Time

**TNA** - The city council approved the harbour budget on Sunday.

Second paragraph with Standard Oil <SRD> said and <script>alert(1)</script> inside.

**Article online:**

<https://news.example/bericht-575/council-approves-harbour-budget.html>

**Editorial office and responsibility:**

Legal boilerplate that must not appear.
`

const fuzzMarkdown = `+++
title = "Election night"
date = 2014-12-31T23:30:00+01:00
beat = "Politics"
url = "/special/election-night/"
aliases = ["/old/election.html"]
correction = "An earlier version misspelled a name."
lastmod = 2015-01-01T10:00:00+01:00
+++
Results.
`

// fuzzName returns the story file for the fuzzed name: its letters, digits,
// "-" and "_" after the first byte (at most 40; "story" when none), with
// .txt when the first byte is even and .md when it is odd.
func fuzzName(name string) string {
	ext := ".txt"
	if name != "" && name[0]%2 == 1 {
		ext = ".md"
	}
	var b strings.Builder
	if name != "" {
		for _, r := range name[1:] {
			if b.Len() < 40 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				b.WriteRune(r)
			}
		}
	}
	if b.Len() == 0 {
		b.WriteString("story")
	}
	return "content/" + b.String() + ext
}

func FuzzBuildOneStory(f *testing.F) {
	md, txt := "a", "b" // 'a' (97) is odd: .md; 'b' (98) is even: .txt
	seed, err := os.ReadFile("../article/testdata/seed-article.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []struct{ name, data string }{
		{txt + "seed-article", string(seed)},
		{txt + "politics", fuzzWire},
		{md + "election", fuzzMarkdown},
		{md + "yaml", "---\ntitle: Coalition talks resume\ndate: 2013-03-03T09:00:00+01:00\nbeats: [Politics, Economy]\nauthor: Anna Berg\n---\nTalks resumed.\n"},
		{md + "oil", "+++\ntitle = \"Brent rises\"\ndate = \"2013-03-04 10:00\"\nbeat = \"Crude Oil\"\n+++\nUp.\n"},
		{txt + "de", "Ressort: Wirtschaft & Außenhandel\n\n## Exporte steigen kräftig\n\nJürgen Weiß, München, 03.03.2013, 18:05 Uhr\n\n**TNA** - Die Exporte sind gestiegen.\n\n**Article online:**\n\n<https://news.example/bericht-900/exporte-steigen-kraeftig.html>\n"},
		{"", ""},
		{"_index", "+++\ntitle = \"Archive\"\n+++\n"},
		// hostile
		{md + "x", "+++\ntitle = \"</title><script>alert(1)</script>\"\ndate = 2020-01-02T10:00:00+01:00\nbeat = \"</script><script>alert(2)</script>\"\nsummary = \"]]><x>&amp;\"\nauthor = \"<img src=x onerror=alert(3)>\"\n+++\n<script>alert(4)</script> ]]> [x](javascript:alert(5)) <https://a.example/?a=1&b=2>\n"},
		{txt + "x", "Beat: Politics\n\n## </title><script>alert(1)</script> ]]> \"quotes\" & 'apos'\n\n<b>Hamburg</b>, 03.03.2013, 07:25 Time\n\n**TNA** - ]]> <![CDATA[ x ]]> </script> \u2028\u2029 body.\n\n**Article online:**\n\n<https://news.example/bericht-1/%3C-script%3E.html>\n"},
		{txt + "x", "Beat: Politics\nCorrection: ]]></title><script>alert(1)</script>\nUpdated: 04.03.2013 10:00\nAliases: /old/a.html, /old/b/, /old/%3C/script%3E\n\n## T\n\n-, 03.03.2013, 07:25\n\nBody.\n"},
		{txt + "x", "Beat: Politics\n\n## T\n\n-, 03.03.2013, 07:25\n\nBody\x00.\n"},
		{txt + "x", "Beat: Politics\n\n## T\xff\n\n-, 03.03.2013, 07:25\n\nBody.\n"},
		{md + "x", "+++\ntitle = \"T\"\ndate = 2020-01-02\nbeat = \"Politics\"\nwithdrawn = \"</p><script>alert(1)</script>\"\n+++\nBody.\n"},
		{md + "x", "+++\ntitle = \"T\"\ndate = 2020-01-02\nbeat = \"Politics\"\nembargo = 2030-01-01\n+++\nBody.\n"},
		{md + "x", "+++\ntitle = \"T\"\ndate = 2020-01-02\nbeat = \"Politics\"\nid = \"9223372036854775807\"\nslug = \"..\"\n+++\nBody.\n"},
		{md + "x", "+++\ntitle = \"" + strings.Repeat("Long title ", 500) + "\"\ndate = 2020-01-02\nbeat = \"Politics\"\n+++\n" + strings.Repeat("x", 100000) + "\n"},
		{txt + "x", "Beat: Politics\n\n## T\n\n" + strings.Repeat("Byline, ", 2000) + "03.03.2013, 07:25\n\n" + strings.Repeat("| a | b |\n|---|---|\n", 200) + "\n"},
		{md + "x", "---\ntitle: &a [*a]\n---\n"},
		{md + "x", "+++\ntitle = \"T\"\ndate = 0001-01-01T00:00:00Z\nbeat = \"Politics\"\n+++\nBody.\n"},
		{md + "x", "+++\ntitle = \"T\"\ndate = 9999-12-31T23:59:59Z\nbeat = \"Politics\"\n+++\nBody.\n"},
		{md + "x", "+++\ntitle = \"T\"\ndate = 2020-01-02\nbeat = \"Politics\"\nurl = \"/\"\n+++\nBody.\n"},
		{md + "x", "+++\ntitle = \"Café\"\ndate = 2020-01-02\nbeat = \"Börse & Märkte\"\nurl = \"/café/ä-b%20c/\"\naliases = [\"/alt/bär.html\", \"/alt/%C3%A4%22q.html\", \"/alt/a+b/\"]\n+++\n[link](/caf%C3%A9/) ![img](/nope.png \"t\") <https://a.example/]]>>\n"},
		{md + "x", "+++\ntitle = \"T\"\ndate = 2020-01-02\nbeat = \"Politics\"\nwithdrawn = \"Legal reasons.\"\naliases = [\"/old/\"]\nslug = \"é t\"\n+++\nBody.\n"},
		{md + "x", "---\ntitle: \"\\u2028\\u0000T\"\ndate: 2020-01-02\nbeat: Politics\nsummary: \"--> <!--\"\n---\nBody.\n"},
		{md + "x", "+++\ntitle = \"T\"\ndate = 2020-01-02\nbeat = \"Politics\"\nurl = \"/a%2F..%2F..%2Fb/\"\n+++\nBody.\n"},
	} {
		f.Add(s.name, []byte(s.data))
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file := fuzzName(name)
		site := fstest.MapFS{
			"config.toml": &fstest.MapFile{Data: []byte(fuzzConfig), Mode: 0o644},
			file:          &fstest.MapFile{Data: data, Mode: 0o644},
		}
		var mu sync.Mutex
		pages := map[string][]byte{}
		kinds := map[string]render.Kind{}
		res, err := build.Build(build.Options{Site: site, Templates: templates.FS, Static: static.FS, Now: now},
			func(p render.Page) error {
				mu.Lock()
				defer mu.Unlock()
				if _, dup := pages[p.Path]; dup {
					t.Errorf("page %s emitted twice", p.Path)
				}
				pages[p.Path], kinds[p.Path] = bytes.Clone(p.Data), p.Kind
				return nil
			})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		for _, d := range res.Diagnostics {
			if d.Line < 1 || d.Path == "" || d.Msg == "" {
				t.Errorf("diagnostic %q has no path, line or message", d.String())
			}
		}
		t.Logf("%s: %d stories, %d pages, %v", file, res.Stories, len(pages), res.Diagnostics)
		if res.Failed() {
			return
		}
		if _, ok := pages["index.html"]; !ok {
			t.Fatalf("a build without errors has no index.html (%d pages)", len(pages))
		}
		for p, data := range pages {
			if why := cleanPath(p); why != "" {
				t.Errorf("page %q: the path is %s", p, why)
				continue
			}
			links := checkPage(t, p, data)
			if kinds[p] == render.Story {
				continue // the story's own text links where its author likes
			}
			for _, link := range links {
				if target := linkTarget(link); target != "" && pages[target] == nil {
					t.Errorf("%s links to %s, which is no page", p, link)
				}
			}
		}
	})
}

// linkTarget returns the page an internal link (href or src from the
// archive's root) leads to; "" for an external link.
func linkTarget(link string) string {
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		return ""
	}
	link, _, _ = strings.Cut(link, "#")
	link, _, _ = strings.Cut(link, "?")
	// A link to a folder or to a path without an extension is answered by
	// its index.html, as for permalinks.
	p, err := archive.File(link)
	if err != nil {
		return link
	}
	return p
}

// cleanPath reports what is wrong with an output path: "" when it is
// relative, clean, not empty, and has no "..", backslash or NUL.
func cleanPath(p string) string {
	switch {
	case p == "" || p == ".":
		return "empty"
	case strings.HasPrefix(p, "/"):
		return "absolute"
	case path.Clean(p) != p:
		return "not clean"
	case strings.ContainsAny(p, "\\\x00"):
		return "with a backslash or NUL"
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || strings.HasPrefix(seg, ".") {
			return "with the segment " + seg
		}
	}
	return ""
}

// checkPage checks that a page is well-formed for its kind: XML parses,
// JSON is valid, and HTML runs no script but JSON-LD and has no event
// handler attribute or javascript: link. It returns the HTML's links.
func checkPage(t *testing.T, p string, data []byte) (links []string) {
	t.Helper()
	switch path.Ext(p) {
	case ".xml":
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s is not well-formed XML: %v\n%s", p, err, clip(data))
				break
			}
		}
	case ".json":
		if !json.Valid(data) {
			t.Errorf("%s is not valid JSON:\n%s", p, clip(data))
		}
	case ".jsonl":
		for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
			if !json.Valid(line) {
				t.Errorf("%s:%d is not valid JSON:\n%s", p, i+1, clip(line))
			}
		}
	case ".html":
		z := html.NewTokenizer(bytes.NewReader(data))
		inScript := false
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			tok := z.Token()
			switch tt {
			case html.StartTagToken, html.SelfClosingTagToken:
				if tok.Data == "script" {
					typ := ""
					for _, a := range tok.Attr {
						if a.Key == "type" {
							typ = a.Val
						}
					}
					theme := p == "search/index.html" && tok.String() == `<script src="/js/search.js" defer="">`
					if typ != "application/ld+json" && !theme {
						t.Errorf("%s has a <script> of type %q: %s", p, typ, tok.String())
					}
					inScript = true
				}
				for _, a := range tok.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if strings.HasPrefix(a.Key, "on") || (a.Key == "href" || a.Key == "src") && strings.HasPrefix(v, "javascript:") {
						t.Errorf("%s has the attribute %s=%q in %s", p, a.Key, a.Val, tok.String())
					}
					if a.Key == "href" || a.Key == "src" {
						links = append(links, a.Val)
					}
				}
			case html.TextToken:
				if inScript && !json.Valid([]byte(tok.Data)) {
					t.Errorf("%s has JSON-LD that is not JSON: %s", p, clip([]byte(tok.Data)))
				}
			case html.EndTagToken:
				if tok.Data == "script" {
					inScript = false
				}
			}
		}
	}
	return links
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "..."
	}
	return string(b)
}
