package render

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/extension"
)

// linkifyCases are texts where goldmark's linkify finds links, or nearly.
var linkifyCases = []string{
	"see www.uspa.news today", "mail desk@uspa.news now", "(https://example.org/a?b=c).",
	"*www.example.com*", "_http://x.org_ and ~ftp://f.org~", "a@b", "x @ y.org", "a.b@c.d, e@f",
	"https:", "www.", "WWW.example.org", "Http://example.org", "(mail@example.org)",
	strings.Repeat("a", 64) + "@example.org", strings.Repeat("a", 65) + "@example.org",
	"first line\nwww.example.org\n\nnext", "tab\twww.example.org", "über@example.org",
	"[www.example.org](http://x.org)", "`www.example.org`", "<www.example.org>",
	"no link: *emphasis*, ~~struck~~ (in parens) and  two spaces  \nthen a hard break\\\nand _more_",
	"| a | b |\n|---|---|\n| (x) | *y* |", "- one\n- two ~three~\n\n> quote (here)",
}

// TestLinkifyIsGoldmarks: the quick linkify links what goldmark's does.
func TestLinkifyIsGoldmarks(t *testing.T) {
	seed, err := os.ReadFile("../article/testdata/seed-article.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range append(linkifyCases, string(seed)) {
		checkLinkify(t, src)
	}
}

func FuzzLinkify(f *testing.F) {
	for _, src := range linkifyCases {
		f.Add(src)
	}
	f.Fuzz(checkLinkify)
}

var goldmarkLinkify = newMarkdown(extension.Linkify)

// lineEndSpace is white space before a line break, soft or hard. goldmark
// keeps some of it where linkify is on ("a \t\nb" is "a \nb") and none
// where it is off, as CommonMark says; a browser shows the two alike. (A
// story never has a "\r": the parser makes every line end a "\n".)
var lineEndSpace = regexp.MustCompile(`[ \t\r]+(\n|<br>)`)

func checkLinkify(t *testing.T, src string) {
	want, err1 := MarkdownHTML(goldmarkLinkify, []byte(src))
	got, err2 := MarkdownHTML(NewMarkdown(), []byte(src))
	if !mayHaveLinks([]byte(src)) {
		want, got = lineEndSpace.ReplaceAllString(want, "$1"), lineEndSpace.ReplaceAllString(got, "$1")
	}
	if got != want || (err1 == nil) != (err2 == nil) {
		t.Errorf("%q:\n got %q (%v)\nwant %q (%v)", src, got, err2, want, err1)
	}
}
