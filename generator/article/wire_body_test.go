package article

import (
	"os"
	"strings"
	"testing"
	"time"
)

// wireBodyCases cover rules 5 to 7 of the wire grammar: the body, the
// "Article online" URL and the boilerplate. TestParseWire runs them.
var wireBodyCases = []struct {
	name        string
	src         string
	boilerplate []string
	want        *Article
	diags       []string
}{
	// Rule 5: the body.
	{name: "trailing spaces in the body kept", src: wire(wHeader, wTitle, wDateline, "**USPA News** - Line one  \nline two\t", wOnline),
		want: wArticle(func(a *Article) {
			a.Body, a.Summary, a.URLLine = "**USPA News** - Line one  \nline two\t", "USPA News - Line one line two", 12
		})},
	{name: "raw HTML in the body kept as written", src: wire(wHeader, wTitle, wDateline, "**USPA News** - A <b>bold</b> & <script>x()</script> claim.", wOnline),
		want: wArticle(func(a *Article) {
			a.Body, a.Summary, a.URLLine = "**USPA News** - A <b>bold</b> & <script>x()</script> claim.", "USPA News - A <b>bold</b> & <script>x()</script> claim.", 11
		})},
	{name: "blank lines around the body", src: wire(wHeader, wTitle, wDateline, "\n \n"+wBody+"\n\n", wOnline, wLegal),
		want: wArticle(func(a *Article) { a.BodyLine, a.URLLine = 9, 17 })},
	{name: "missing body", src: wire(wHeader, wTitle, wDateline, wOnline, wLegal),
		diags: []string{"content/x.txt:5: missing body: no story text after the dateline"}},
	{name: "missing body at the end of the file", src: wire(wHeader, wTitle, wDateline),
		diags: []string{"content/x.txt:5: missing body: no story text after the dateline"}},
	{name: "missing body before the boilerplate", src: wire(wHeader, wTitle, wDateline, wLegal),
		diags: []string{"content/x.txt:5: missing body: no story text after the dateline"}},

	// Rule 6: the URL.
	{name: "bare URL", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**\n\n"+wURL, wLegal), want: wArticle(nil)},
	{name: "URL on the next line", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**\n<"+wURL+">  ", wLegal),
		want: wArticle(func(a *Article) { a.URLLine = 12 })},
	{name: "Article online in any case", src: wire(wHeader, wTitle, wDateline, wBody, "**ARTICLE ONLINE:**  \n\n<"+wURL+">", wLegal), want: wArticle(nil)},
	{name: "URL with a query", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**\n\n<https://www.uspa24.com/bericht-7/x.html?ref=rss>"),
		diags: []string{`content/x.txt:13: article URL "https://www.uspa24.com/bericht-7/x.html?ref=rss" has a query or fragment; a permalink is a path only`}},
	{name: "URL with a fragment", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**\n\nhttps://www.uspa24.com/bericht-7/x.html#top"),
		diags: []string{`content/x.txt:13: article URL "https://www.uspa24.com/bericht-7/x.html#top" has a query or fragment; a permalink is a path only`}},
	{name: "URL with an empty query", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**\n\nhttps://www.uspa24.com/bericht-7/x.html?"),
		diags: []string{`content/x.txt:13: article URL "https://www.uspa24.com/bericht-7/x.html?" has a query or fragment; a permalink is a path only`}},
	{name: "not a URL", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**\n\nsee our website"),
		diags: []string{`content/x.txt:13: article URL "see our website" is not a URL`}},
	{name: "not an http URL", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**\n\n<ftp://files.example.com/x.txt>"),
		diags: []string{`content/x.txt:13: article URL "ftp://files.example.com/x.txt" is not an http(s) URL with a host`}},
	{name: "relative URL", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**\n\nbericht-7/x.html"),
		diags: []string{`content/x.txt:13: article URL "bericht-7/x.html" is neither an http(s) URL nor a path starting with "/"`}},
	{name: "no URL before the boilerplate", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**", wLegal),
		diags: []string{`content/x.txt:11: "**Article online:**" is not followed by the story's URL`}},
	{name: "no URL at the end of the file", src: wire(wHeader, wTitle, wDateline, wBody, "**Article online:**"),
		diags: []string{`content/x.txt:11: "**Article online:**" is not followed by the story's URL`}},
	{name: "text after the URL", src: wire(wHeader, wTitle, wDateline, wBody, wOnline, "Photo: J. Doe", wLegal),
		diags: []string{`content/x.txt:15: text after the article URL "Photo: J. Doe": move it into the body above "**Article online:**", or start the legal boilerplate with a known heading`}},

	// Rule 7: the boilerplate.
	{name: "no Article online: the body ends at the boilerplate", src: wire(wHeader, wTitle, wDateline, wBody, wLegal), want: wArticle(noURL)},
	{name: "exemption heading first, in lower case", src: wire(wHeader, wTitle, wDateline, wBody, "**exemption from liability:**\n\nNo liability."), want: wArticle(noURL)},
	{name: "editorial program service heading first", src: wire(wHeader, wTitle, wDateline, wBody, "**EDITORIAL PROGRAM SERVICE OF General News Agency:**\n\nUnited Press"),
		want: wArticle(noURL)},
	{name: "all three headings after the URL", src: wire(wHeader, wTitle, wDateline, wBody, wOnline, wLegal, "**Exemption from liability:**\n\nNone.",
		"**Editorial program service of General News Agency:**\n\nUnited Press  \nMain Street 1  "), want: wArticle(nil)},
	{name: "boilerplate runs to the end of the file", src: wire(wHeader, wTitle, wDateline, wBody, wLegal, wOnline, "More text."), want: wArticle(noURL)},
	{name: "extra heading from the options", src: wire(wHeader, wTitle, wDateline, wBody, "**Redaktion und Verantwortung:**\n\nMusteragentur GmbH"),
		boilerplate: []string{"  **Redaktion und VERANTWORTUNG:** ", ""}, want: wArticle(noURL)},
	{name: "extra heading not configured is body text", src: wire(wHeader, wTitle, wDateline, wBody, "**Redaktion und Verantwortung:**\n\nMusteragentur GmbH"),
		want: wArticle(func(a *Article) {
			noURL(a)
			a.Body = wBody + "\n\n**Redaktion und Verantwortung:**\n\nMusteragentur GmbH"
		})},
}

// TestParseWireFiles parses whole stories from testdata: the agency's own
// seed file and a story written for this test in the same shape.
func TestParseWireFiles(t *testing.T) {
	for _, tc := range []struct {
		file, beat, title, byline string
		date                      time.Time
		url                       string
		lead                      string   // the first paragraph's start
		notInBody                 []string // boilerplate that must be dropped
	}{
		{
			file: "seed-article.txt", beat: "Politics",
			title: "Putin, Obama task top diplomats to seek new Syria initiatives",
			date:  at(2013, 3, 3, 7, 25),
			url:   "https://www.uspa24.com/bericht-575/putin-obama-task-top-diplomats-to-seek-new-syria-initiatives.html",
			lead:  "**USPA News** - Russian President Vladimir Putin",
			notInBody: []string{"Article online", "uspa24.com", "Editorial office", "Exemption", "liability",
				"Lindell", "V.i.S.d.P.", "Facsimile", "gna24"},
		},
		{
			file: "own-story.txt", beat: "Science", byline: "Friedrichshafen, Lake Constance",
			title: "Lake Constance ferries test hydrogen engines & <new> fuel cells",
			date:  at(2019, 6, 14, 16, 40),
			url:   "https://www.uspa24.com/bericht-15304/lake-constance-ferries-test-hydrogen-engines.html",
			lead:  "**USPA News** - Two passenger ferries on Lake Constance",
			notInBody: []string{"Article online", "Editorial office", "Exemption", "Harbour Row",
				"Sample Agency", "V.i.S.d.P."},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			a, ds := Parse("content/"+tc.file, data, Options{Location: berlin})
			if len(ds) != 0 || a == nil {
				t.Fatalf("Parse: %v", ds)
			}
			if got := a.Beat(); got != tc.beat {
				t.Errorf("beat: got %q, want %q", got, tc.beat)
			}
			if a.Title != tc.title {
				t.Errorf("title: got %q, want %q", a.Title, tc.title)
			}
			if a.Byline != tc.byline {
				t.Errorf("byline: got %q, want %q", a.Byline, tc.byline)
			}
			if !a.Date.Equal(tc.date) || a.Date.Location() != berlin {
				t.Errorf("date: got %v, want %v", a.Date, tc.date)
			}
			if a.URL != tc.url {
				t.Errorf("URL: got %q, want %q", a.URL, tc.url)
			}
			paras := strings.Split(a.Body, "\n\n")
			if len(paras) != 2 {
				t.Errorf("body has %d paragraphs, want 2:\n%s", len(paras), a.Body)
			}
			if !strings.HasPrefix(a.Body, tc.lead) {
				t.Errorf("body starts %q, want %q", a.Body[:min(len(a.Body), 60)], tc.lead)
			}
			for _, s := range tc.notInBody {
				if strings.Contains(a.Body, s) {
					t.Errorf("body contains %q from the boilerplate", s)
				}
			}
			if !strings.HasPrefix(a.Summary, "USPA News - ") {
				t.Errorf("summary %q does not start with the lead-in", a.Summary)
			}
		})
	}
}

func TestParseWireWithoutLocationIsUTC(t *testing.T) {
	got, ds := Parse("content/x.txt", []byte(wStory), Options{})
	want := wArticle(func(a *Article) { a.Date = time.Date(2013, 3, 3, 7, 25, 0, 0, time.UTC) })
	checkParse(t, got, ds, want, nil)
}
