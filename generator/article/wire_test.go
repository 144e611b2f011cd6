package article

import (
	"strings"
	"testing"
	"time"
)

// The parts of a well-formed wire story; each case changes one of them.
const (
	wHeader   = "Beat: Politics"
	wTitle    = "## Harbour ferry returns after the storm"
	wDateline = "-, 03.03.2013, 07:25 Time"
	wBody     = "**USPA News** - The island ferry sailed again on Sunday.\n\nIt left at dawn."
	wURL      = "https://www.uspa24.com/bericht-7/harbour-ferry-returns-after-the-storm.html"
	wOnline   = "**Article online:**\n\n<" + wURL + ">"
	wLegal    = "**Editorial office and responsibility:**\n\nSample Agency Ltd."
	wWant     = `expected "BYLINE, DD.MM.YYYY, HH:MM Time"`
)

// wire joins the parts of a story with blank lines, as the agency does.
func wire(parts ...string) string { return strings.Join(parts, "\n\n") + "\n" }

// wStory is the whole story: beat on line 1, title 3, dateline 5, body 7-9,
// "Article online" 11, URL 13, boilerplate 15-17.
var wStory = wire(wHeader, wTitle, wDateline, wBody, wOnline, wLegal)

// wArticle returns the Article of wStory, changed by edit.
func wArticle(edit func(a *Article)) *Article {
	a := &Article{
		Path: "content/x.txt", Format: Wire,
		Title:   "Harbour ferry returns after the storm",
		Beats:   []string{"Politics"},
		Date:    at(2013, 3, 3, 7, 25),
		Summary: "USPA News - The island ferry sailed again on Sunday.",
		URL:     wURL, URLLine: 13,
		Body: wBody, BodyLine: 7,
	}
	if edit != nil {
		edit(a)
	}
	return a
}

func noURL(a *Article) { a.URL, a.URLLine = "", 0 }

var wireCases = []struct {
	name        string
	src         string
	boilerplate []string // Options.Boilerplate
	want        *Article // nil when the story has an error
	diags       []string
}{
	// Rule 1: the file.
	{name: "well formed", src: wStory, want: wArticle(nil)},
	{name: "leading blank lines", src: "\n \n\t\n" + wStory, want: wArticle(func(a *Article) { a.URLLine, a.BodyLine = 16, 10 })},
	{name: "byte order mark", src: "\uFEFF" + wStory, want: wArticle(nil)},
	{name: "CRLF line ends", src: strings.ReplaceAll(wStory, "\n", "\r\n"), want: wArticle(nil)},
	{name: "no final newline", src: strings.TrimSuffix(wStory, "\n"), want: wArticle(nil)},
	{name: "no final newline after the body", src: strings.TrimSuffix(wire(wHeader, wTitle, wDateline, wBody), "\n"), want: wArticle(noURL)},
	{name: "invalid UTF-8 names the line", src: wire(wHeader, wTitle, wDateline, "**USPA News** - Caf\xe9 owners protest.", wOnline),
		diags: []string{"content/x.txt:7: not UTF-8 (is it Latin-1 or Windows-1252?): convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"}},
	{name: "invalid UTF-8 with CRLF line ends", src: strings.ReplaceAll(wire(wHeader, wTitle, "-, 03.03.2013, 07:25 \x96 Time"), "\n", "\r\n"),
		diags: []string{"content/x.txt:5: not UTF-8 (is it Latin-1 or Windows-1252?): convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"}},
	{name: "empty file", src: "", diags: []string{"content/x.txt:1: empty file: a story needs a beat, a title, a date and a body"}},
	{name: "only white space and a BOM", src: "\uFEFF\n \r\n\t\n", diags: []string{"content/x.txt:1: empty file: a story needs a beat, a title, a date and a body"}},
	{name: "binary file", src: "Beat: Politics\n\n\x89PNG\x00\x01", diags: []string{"content/x.txt:3: binary file (a NUL byte): not a story"}},

	// Rule 2: the header.
	{name: "beat key in lower case", src: wire("beat: Politics", wTitle, wDateline, wBody, wOnline, wLegal), want: wArticle(nil)},
	{name: "beat key in upper case", src: wire("BEAT: Politics", wTitle, wDateline, wBody, wOnline, wLegal), want: wArticle(nil)},
	{name: "Ressort in German copy", src: wire("Ressort: Politik", wTitle, wDateline, wBody, wOnline, wLegal),
		want: wArticle(func(a *Article) { a.Beats = []string{"Politik"} })},
	{name: "ressort key in lower case", src: wire("ressort: Wirtschaft", wTitle, wDateline, wBody, wOnline, wLegal),
		want: wArticle(func(a *Article) { a.Beats = []string{"Wirtschaft"} })},
	{name: "header trailing white space", src: wire("Beat: Politics \t ", wTitle, wDateline, wBody, wOnline, wLegal), want: wArticle(nil)},
	{name: "unknown header key", src: wire("Beat: Politics\nAuthor: Jane Doe", wTitle, wDateline, wBody, wOnline, wLegal),
		diags: []string{`content/x.txt:2: unknown header key "Author": the wire header knows Beat (or Ressort), Embargo, Updated, Correction, Aliases, Withdrawn`}},
	{name: "header line without a key", src: wire("Beat: Politics\nbreaking news", wTitle, wDateline, wBody),
		diags: []string{`content/x.txt:2: header line "breaking news" is not "Key: value"; a wire story starts with "Beat: NAME"`}},
	{name: "beat given twice", src: wire("Beat: Politics\nRessort: Politik", wTitle, wDateline, wBody),
		diags: []string{"content/x.txt:2: the beat is given twice: keep one Ressort line"}},
	{name: "beat without a value", src: wire("Beat:   ", wTitle, wDateline, wBody),
		diags: []string{`content/x.txt:1: missing beat: "Beat" has no value`}},
	{name: "missing beat", src: wire(wTitle, wDateline, wBody, wOnline, wLegal),
		diags: []string{`content/x.txt:1: missing beat: a wire story starts with a line "Beat: NAME" (or "Ressort: NAME")`}},
	{name: "missing beat, another key instead", src: "\n\n" + wire("Section: Politics", wTitle, wDateline, wBody), diags: []string{
		`content/x.txt:3: unknown header key "Section": the wire header knows Beat (or Ressort), Embargo, Updated, Correction, Aliases, Withdrawn`,
		`content/x.txt:3: missing beat: a wire story starts with a line "Beat: NAME" (or "Ressort: NAME")`}},

	// Rule 3: the title.
	{name: "title right after the header", src: wHeader + "\n" + wire(wTitle, wDateline, wBody, wOnline, wLegal),
		want: wArticle(func(a *Article) { a.URLLine, a.BodyLine = 12, 6 })},
	{name: "title is plain text", src: wire(wHeader, "## Tom & Jerry <script>alert(1)</script> return", wDateline, wBody),
		want: wArticle(func(a *Article) { a.Title = "Tom & Jerry <script>alert(1)</script> return"; noURL(a) })},
	{name: "title trailing white space", src: wire(wHeader, wTitle+" \t ", wDateline, wBody, wOnline, wLegal), want: wArticle(nil)},
	{name: "missing title", src: wire(wHeader, wDateline, wBody, wOnline, wLegal),
		diags: []string{`content/x.txt:3: missing title: expected a line "## Title" after the header`}},
	{name: "title is a level 3 heading", src: wire(wHeader, "### Harbour ferry", wDateline, wBody),
		diags: []string{`content/x.txt:3: missing title: expected a line "## Title" after the header`}},
	{name: "missing title at the end of the file", src: wHeader + "\n\n",
		diags: []string{`content/x.txt:2: missing title: expected a line "## Title" after the header`}},

	// Rule 4: the dateline.
	{name: "byline is a place", src: wire(wHeader, wTitle, "Berlin, 03.03.2013, 07:25 Time", wBody, wOnline),
		want: wArticle(func(a *Article) { a.Byline = "Berlin" })},
	{name: "byline with commas kept exactly", src: wire(wHeader, wTitle, "Jane Doe,  Berlin ,Germany, 03.03.2013, 07:25 Time", wBody, wOnline),
		want: wArticle(func(a *Article) { a.Byline = "Jane Doe,  Berlin ,Germany" })},
	{name: "no byline field", src: wire(wHeader, wTitle, "03.03.2013, 07:25 Time", wBody, wOnline), want: wArticle(nil)},
	{name: "time with Uhr", src: wire(wHeader, wTitle, "-, 03.03.2013, 07:25 Uhr", wBody, wOnline), want: wArticle(nil)},
	{name: "time alone", src: wire(wHeader, wTitle, "-, 03.03.2013, 07:25", wBody, wOnline), want: wArticle(nil)},
	{name: "dateline trailing white space", src: wire(wHeader, wTitle, wDateline+"  \t", wBody, wOnline), want: wArticle(nil)},
	{name: "daylight saving gap is the instant after it", src: wire(wHeader, wTitle, "-, 27.03.2016, 02:30 Time", wBody, wOnline),
		want: wArticle(func(a *Article) { a.Date = time.Date(2016, 3, 27, 3, 0, 0, 0, time.FixedZone("CEST", 2*3600)) })},
	{name: "repeated hour is its first occurrence", src: wire(wHeader, wTitle, "-, 30.10.2016, 02:30 Time", wBody, wOnline),
		want: wArticle(func(a *Article) { a.Date = time.Date(2016, 10, 30, 2, 30, 0, 0, time.FixedZone("CEST", 2*3600)) })},
	{name: "impossible date", src: wire(wHeader, wTitle, "-, 31.02.2013, 07:25 Time", wBody, wOnline),
		diags: []string{"content/x.txt:5: impossible date 31.02.2013: no such day"}},
	{name: "impossible time", src: wire(wHeader, wTitle, "-, 03.03.2013, 25:61 Time", wBody, wOnline),
		diags: []string{"content/x.txt:5: impossible time 25:61: use 00:00 to 23:59"}},
	{name: "date and time swapped", src: wire(wHeader, wTitle, "-, 07:25 Time, 03.03.2013", wBody, wOnline),
		diags: []string{`content/x.txt:5: dateline fields in the wrong order in "-, 07:25 Time, 03.03.2013": ` + wWant}},
	{name: "date before the byline", src: wire(wHeader, wTitle, "03.03.2013, Berlin, 07:25", wBody, wOnline),
		diags: []string{`content/x.txt:5: dateline fields in the wrong order in "03.03.2013, Berlin, 07:25": ` + wWant}},
	{name: "ISO date", src: wire(wHeader, wTitle, "-, 2013-03-03, 07:25", wBody, wOnline),
		diags: []string{`content/x.txt:5: bad date "2013-03-03" in the dateline: ` + wWant}},
	{name: "time with a dot", src: wire(wHeader, wTitle, "-, 03.03.2013, 07.25 Uhr", wBody, wOnline),
		diags: []string{`content/x.txt:5: bad time "07.25 Uhr" in the dateline: ` + wWant}},
	{name: "no time", src: wire(wHeader, wTitle, "Berlin, 03.03.2013", wBody, wOnline),
		diags: []string{`content/x.txt:5: no time at the end of the dateline "Berlin, 03.03.2013": ` + wWant}},
	{name: "no date", src: wire(wHeader, wTitle, "Berlin, Sunday, 07:25 Time", wBody, wOnline),
		diags: []string{`content/x.txt:5: no date before the time in the dateline "Berlin, Sunday, 07:25 Time": ` + wWant}},
	{name: "missing dateline", src: wire(wHeader, wTitle, wBody, wOnline), diags: []string{
		`content/x.txt:5: missing dateline: ` + wWant + ` after the title, got "**USPA News** - The island ferry sailed …"`}},
	{name: "missing dateline, a lead with commas", src: wire(wHeader, wTitle, "Officials said, on Sunday, that the ferry, which sank, was raised.", wOnline),
		diags: []string{`content/x.txt:5: missing dateline: ` + wWant + ` after the title, got "Officials said, on Sunday, that the ferr…"`}},
	{name: "missing dateline at the end of the file", src: wire(wHeader, wTitle),
		diags: []string{`content/x.txt:3: missing dateline: ` + wWant + ` after the title`}},
}

func TestParseWire(t *testing.T) {
	for _, tc := range append(wireCases, wireBodyCases...) {
		t.Run(tc.name, func(t *testing.T) {
			got, ds := Parse("content/x.txt", []byte(tc.src), Options{Location: berlin, Boilerplate: tc.boilerplate})
			checkParse(t, got, ds, tc.want, tc.diags)
		})
	}
}
