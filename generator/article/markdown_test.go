package article

import (
	"strings"
	"testing"
	"time"
)

const mBody = "**USPA News** - The island ferry sailed again."

// tomlStory and yamlStory wrap front matter lines in their fences, followed
// by a blank line and mBody. With n lines of front matter the body is on
// line n+4.
func tomlStory(lines ...string) string {
	return "+++\n" + strings.Join(lines, "\n") + "\n+++\n\n" + mBody + "\n"
}

func yamlStory(lines ...string) string {
	return "---\n" + strings.Join(lines, "\n") + "\n---\n\n" + mBody + "\n"
}

// The three keys every story needs, in both languages.
var (
	tTitle, tDate, tBeat = `title = "Harbour ferry returns"`, `date = 2013-03-03T07:25:00+01:00`, `beat = "Politics"`
	yTitle, yDate, yBeat = `title: Harbour ferry returns`, `date: 2013-03-03T07:25:00+01:00`, `beat: Politics`
)

// mArticle returns the Article of a story with the three keys and mBody
// after bodyLine-1 lines, changed by edit.
func mArticle(bodyLine int, edit func(a *Article)) *Article {
	a := &Article{
		Path: "content/x.md", Format: Markdown,
		Title:   "Harbour ferry returns",
		Beats:   []string{"Politics"},
		Date:    at(2013, 3, 3, 7, 25),
		Summary: "USPA News - The island ferry sailed again.",
		Body:    mBody, BodyLine: bodyLine,
	}
	if edit != nil {
		edit(a)
	}
	return a
}

func withDate(d time.Time) func(a *Article) { return func(a *Article) { a.Date = d } }

const (
	mNeedTitle = `content/x.md:1: missing title: add title = "..." to the front matter`
	mNeedDate  = `content/x.md:1: missing date: add date = 2013-03-03T07:25:00+01:00 to the front matter`
	mNeedBeat  = `content/x.md:1: missing beat: add beat = "Politics" to the front matter`
	yNeedTitle = `content/x.md:1: missing title: add title: ... to the front matter`
	yNeedDate  = `content/x.md:1: missing date: add date: 2013-03-03T07:25:00+01:00 to the front matter`
	yNeedBeat  = `content/x.md:1: missing beat: add beat: Politics to the front matter`
)

var markdownCases = []struct {
	name  string
	src   string
	want  *Article
	diags []string
}{
	// TOML.
	{name: "toml three keys", src: tomlStory(tTitle, tDate, tBeat), want: mArticle(7, nil)},
	{name: "toml all keys", src: tomlStory(tTitle, tDate,
		`lastmod = 2013-03-04T09:00:00Z`, `slug = "ferry-back"`, `url = "/bericht-7/ferry-back.html"`, `id = 7`,
		`beats = ["Politics", "Regional"]`, `author = "Jane Doe"`, `place = "Lindau"`, `summary = "The ferry is back."`,
		`aliases = ["/old/ferry.html", "/2013/ferry/"]`, `draft = true`),
		want: mArticle(16, func(a *Article) {
			a.Lastmod = time.Date(2013, 3, 4, 9, 0, 0, 0, time.UTC)
			a.Slug, a.URL, a.URLLine, a.ID = "ferry-back", "/bericht-7/ferry-back.html", 6, 7
			a.Beats = []string{"Politics", "Regional"}
			a.Byline, a.Place, a.Summary = "Jane Doe", "Lindau", "The ferry is back."
			a.Draft, a.Notes = true, &Notes{Aliases: []string{"/old/ferry.html", "/2013/ferry/"}, AliasLine: 12}
		})},
	{name: "toml local datetime is in the archive's zone", src: tomlStory(tTitle, `date = 2013-03-03T07:25:00`, tBeat), want: mArticle(7, nil)},
	{name: "toml local date", src: tomlStory(tTitle, `date = 2013-03-03`, tBeat), want: mArticle(7, withDate(at(2013, 3, 3, 0, 0)))},
	{name: "toml quoted date with offset", src: tomlStory(tTitle, `date = "2013-03-03T08:25:00+02:00"`, tBeat),
		want: mArticle(7, withDate(time.Date(2013, 3, 3, 8, 25, 0, 0, time.FixedZone("", 2*3600))))},
	{name: "toml quoted local date", src: tomlStory(tTitle, `date = "2013-03-03 07:25"`, tBeat), want: mArticle(7, nil)},
	{name: "toml local date in a daylight saving gap", src: tomlStory(tTitle, `date = 2016-03-27T02:30:00`, tBeat),
		want: mArticle(7, withDate(time.Date(2016, 3, 27, 3, 0, 0, 0, berlin)))},
	{name: "toml time of day without a date", src: tomlStory(tTitle, `date = 07:25:00`, tBeat),
		diags: []string{"content/x.md:3: front matter date 07:25:00 is a time of day without a date: use 2013-03-03T07:25:00+01:00"}},
	{name: "beat comes before beats", src: tomlStory(tTitle, tDate, `beats = ["Regional", "Europe"]`, tBeat),
		want: mArticle(8, func(a *Article) { a.Beats = []string{"Politics", "Regional", "Europe"} })},
	{name: "byline key", src: tomlStory(tTitle, tDate, tBeat, `byline = "Berlin, Jane Doe"`),
		want: mArticle(8, func(a *Article) { a.Byline = "Berlin, Jane Doe" })},
	{name: "description is the summary", src: tomlStory(tTitle, tDate, tBeat, `description = "Back at sea."`),
		want: mArticle(8, func(a *Article) { a.Summary = "Back at sea." })},
	{name: "summary wins over description", src: tomlStory(tTitle, tDate, tBeat, `summary = "Back."`, `description = "At sea."`),
		want: mArticle(9, func(a *Article) { a.Summary = "Back." })},
	{name: "keys in any case", src: tomlStory(`Title = "Harbour ferry returns"`, `DATE = 2013-03-03T07:25:00+01:00`, `Beat = "Politics"`), want: mArticle(7, nil)},
	{name: "quoted id", src: tomlStory(tTitle, tDate, tBeat, `id = "42"`), want: mArticle(8, func(a *Article) { a.ID = 42 })},
	{name: "toml unknown key is a warning", src: tomlStory(tTitle, tDate, tBeat, `tags = ["ferry"]`),
		want: mArticle(8, nil), diags: []string{`content/x.md:5: warning: unknown front matter key "tags" is ignored`}},
	{name: "toml unknown table", src: tomlStory(tTitle, tDate, tBeat, `# Hugo's params`, `[params]`, `color = "red"`),
		want: mArticle(10, nil), diags: []string{`content/x.md:6: warning: unknown front matter key "params" is ignored`}},
	{name: "toml unknown dotted key", src: tomlStory(tTitle, tDate, `"params".color = "red"`, tBeat),
		want: mArticle(8, nil), diags: []string{`content/x.md:4: warning: unknown front matter key "params" is ignored`}},
	{name: "toml unknown key after a multi-line string", src: tomlStory(tTitle, `summary = """`, `series = 1`, `"""`, `series = 2`, tDate, tBeat),
		want: mArticle(11, func(a *Article) { a.Summary = "series = 1\n" }), diags: []string{`content/x.md:6: warning: unknown front matter key "series" is ignored`}},
	{name: "toml not closed", src: "+++\n" + tTitle + "\n\n" + mBody, diags: []string{`content/x.md:1: front matter is not closed: add a line "+++" after it`}},
	{name: "toml syntax error", src: tomlStory(tTitle, tDate, `beat = Politics`),
		diags: []string{`content/x.md:4: front matter (TOML) does not parse: expected value but found "Politics" instead`}},
	{name: "toml key twice", src: tomlStory(tTitle, tDate, tBeat, tBeat),
		diags: []string{`content/x.md:5: front matter (TOML) does not parse: Key 'beat' has already been defined.`}},
	{name: "toml key twice in another case", src: tomlStory(tTitle, tDate, tBeat, `BEAT = "Europe"`),
		diags: []string{`content/x.md:5: front matter key "BEAT" is given twice (also on line 4): keep one`}},
	{name: "missing title", src: tomlStory(tDate, tBeat), diags: []string{mNeedTitle}},
	{name: "missing date", src: tomlStory(tTitle, tBeat), diags: []string{mNeedDate}},
	{name: "missing beat", src: tomlStory(tTitle, tDate), diags: []string{mNeedBeat}},
	{name: "empty beats", src: tomlStory(tTitle, tDate, `beats = []`), diags: []string{mNeedBeat}},
	{name: "empty front matter", src: "+++\n+++\n" + mBody, diags: []string{mNeedTitle, mNeedDate, mNeedBeat}},
	{name: "id is not a number", src: tomlStory(tTitle, tDate, tBeat, `id = "abc"`), diags: []string{"content/x.md:5: front matter id must be a positive whole number"}},
	{name: "id is zero", src: tomlStory(tTitle, tDate, tBeat, `id = 0`), diags: []string{"content/x.md:5: front matter id must be a positive whole number"}},
	{name: "draft is maybe", src: tomlStory(tTitle, tDate, tBeat, `draft = "maybe"`), diags: []string{"content/x.md:5: front matter draft must be true or false"}},
	{name: "title is a list", src: tomlStory(`title = ["a"]`, tDate, tBeat), diags: []string{mNeedTitle, "content/x.md:2: front matter title must be a string"}},
	{name: "date is not a date", src: tomlStory(tTitle, `date = "yesterday"`, tBeat), diags: []string{
		`content/x.md:3: front matter date "yesterday" is not a date: use 2013-03-03T07:25:00+01:00, or 2013-03-03 07:25 local to the archive's time zone`}},
	{name: "date is a number", src: tomlStory(tTitle, `date = 2013`, tBeat), diags: []string{"content/x.md:3: front matter date must be a date such as 2013-03-03T07:25:00+01:00"}},
	{name: "aliases is a number", src: tomlStory(tTitle, tDate, tBeat, `aliases = 3`), diags: []string{"content/x.md:5: front matter aliases must be a list of strings"}},
	{name: "url with a query", src: tomlStory(tTitle, tDate, tBeat, `url = "/bericht-7/x.html?a=1"`),
		diags: []string{`content/x.md:5: front matter url: article URL "/bericht-7/x.html?a=1" has a query or fragment; a permalink is a path only`}},
	{name: "CRLF and a BOM", src: "\uFEFF" + strings.ReplaceAll(tomlStory(tTitle, tDate, tBeat), "\n", "\r\n"), want: mArticle(7, nil)},
	{name: "no front matter", src: "# Harbour ferry returns\n\n" + mBody,
		diags: []string{"content/x.md:1: no front matter: a Markdown story starts with +++ (TOML) or --- (YAML) and gives title, date and beat"}},

	// YAML.
	{name: "yaml all keys", src: yamlStory(yTitle, yDate, `lastmod: 2013-03-04T09:00:00Z`, `slug: ferry-back`,
		`url: https://www.uspa24.com/bericht-7/ferry-back.html`, `id: 7`, `beats:`, `  - Politics`, `  - Regional`, `byline: Jane Doe`,
		`place: Lindau`, `description: The ferry is back.`, `aliases: [/old/ferry.html]`, `draft: false`),
		want: mArticle(18, func(a *Article) {
			a.Lastmod = time.Date(2013, 3, 4, 9, 0, 0, 0, time.UTC)
			a.Slug, a.URL, a.URLLine, a.ID = "ferry-back", "https://www.uspa24.com/bericht-7/ferry-back.html", 6, 7
			a.Beats = []string{"Politics", "Regional"}
			a.Byline, a.Place, a.Summary = "Jane Doe", "Lindau", "The ferry is back."
			a.Notes = &Notes{Aliases: []string{"/old/ferry.html"}, AliasLine: 14}
		})},
	{name: "yaml timestamp with a space before the offset", src: yamlStory(yTitle, `date: 2013-03-03 07:25:00 +01:00`, yBeat), want: mArticle(7, nil)},
	{name: "yaml UTC timestamp", src: yamlStory(yTitle, `date: 2013-03-03T06:25:00Z`, yBeat),
		want: mArticle(7, withDate(time.Date(2013, 3, 3, 6, 25, 0, 0, time.UTC)))},
	{name: "yaml local timestamp", src: yamlStory(yTitle, `date: 2013-03-03 07:25:00`, yBeat), want: mArticle(7, nil)},
	{name: "yaml date only", src: yamlStory(yTitle, `date: 2013-03-03`, yBeat), want: mArticle(7, withDate(at(2013, 3, 3, 0, 0)))},
	{name: "yaml quoted date", src: yamlStory(yTitle, `date: "2013-03-03T07:25"`, yBeat), want: mArticle(7, nil)},
	{name: "yaml draft and anchors", src: yamlStory(yTitle, yDate, `beat: &b Politics`, `place: *b`, `draft: true`),
		want: mArticle(9, func(a *Article) { a.Place, a.Draft = "Politics", true })},
	{name: "yaml unknown key is a warning", src: yamlStory(yTitle, `categories: [ferry]`, yDate, yBeat),
		want: mArticle(8, nil), diags: []string{`content/x.md:3: warning: unknown front matter key "categories" is ignored`}},
	{name: "yaml not closed", src: "---\n" + yTitle + "\n" + mBody, diags: []string{`content/x.md:1: front matter is not closed: add a line "---" after it`}},
	{name: "yaml syntax error", src: yamlStory(yTitle, yDate, `beat: [Politics`, `draft: true`),
		diags: []string{"content/x.md:4: front matter (YAML) does not parse: did not find expected ',' or ']'"}},
	{name: "yaml block list badly indented", src: yamlStory(yTitle, yDate, yBeat, `aliases:`, `  - /a/`, ` - /b/`),
		diags: []string{"content/x.md:7: front matter (YAML) does not parse: did not find expected key"}},
	{name: "yaml quoted string not closed", src: yamlStory(yTitle, yDate, `beat: "Politics`, `draft: true`),
		diags: []string{"content/x.md:4: front matter (YAML) does not parse: found unexpected end of stream"}},
	{name: "yaml indentation error", src: yamlStory(yTitle, "  "+yDate, yBeat),
		diags: []string{"content/x.md:3: front matter (YAML) does not parse: mapping values are not allowed in this context"}},
	{name: "yaml key twice", src: yamlStory(yTitle, yDate, yBeat, `title: Another`),
		diags: []string{`content/x.md:5: front matter key "title" is given twice (also on line 2): keep one`}},
	{name: "yaml alias cycle", src: yamlStory(yTitle, yDate, yBeat, `aliases: &a [*a]`),
		diags: []string{`content/x.md:5: front matter (YAML) "aliases": its aliases refer to themselves or expand too far; write the value out`}},
	{name: "yaml alias bomb", src: yamlStory(yTitle, yDate, yBeat, `a: &a [x, x, x, x, x, x, x, x, x, x]`, `b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]`,
		`c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]`, `d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]`, `e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]`),
		diags: []string{`content/x.md:8: front matter (YAML) "d": its aliases refer to themselves or expand too far; write the value out`}},
	{name: "yaml is not a mapping", src: yamlStory(`- title`, `- date`), diags: []string{"content/x.md:2: front matter (YAML) is not a mapping of keys to values"}},
	{name: "yaml id is not a number", src: yamlStory(yTitle, yDate, yBeat, `id: abc`), diags: []string{"content/x.md:5: front matter id must be a positive whole number"}},
	{name: "yaml draft is maybe", src: yamlStory(yTitle, yDate, yBeat, `draft: maybe`), diags: []string{"content/x.md:5: front matter draft must be true or false"}},
	{name: "yaml mapping for a string", src: yamlStory(yTitle, yDate, `beat:`, `  name: Politics`),
		diags: []string{yNeedBeat, "content/x.md:4: front matter beat must be a string"}},
	{name: "yaml empty front matter", src: "---\n---\n" + mBody, diags: []string{yNeedTitle, yNeedDate, yNeedBeat}},
	{name: "yaml missing beat", src: yamlStory(yTitle, yDate, `beats: []`), diags: []string{yNeedBeat}},
}

func TestParseMarkdown(t *testing.T) {
	for _, tc := range markdownCases {
		t.Run(tc.name, func(t *testing.T) {
			got, ds := Parse("content/x.md", []byte(tc.src), Options{Location: berlin})
			checkParse(t, got, ds, tc.want, tc.diags)
		})
	}
}

var splitCases = []struct {
	name, src string
	want      FrontMatter
	body      string
	bodyLine  int
	err       string
}{
	{"toml", "+++\na = 1\n+++\nbody\n", FrontMatter{"toml", "a = 1", 2}, "body\n", 4, ""},
	{"yaml with trailing spaces on the fences", "--- \na: 1\nb: 2\n---\t\n\nbody", FrontMatter{"yaml", "a: 1\nb: 2", 2}, "\nbody", 5, ""},
	{"empty", "+++\n+++", FrontMatter{"toml", "", 2}, "", 3, ""},
	{"none", "body\n+++\n", FrontMatter{}, "body\n+++\n", 1, ""},
	{"fence later than the first line", "\n+++\na = 1\n+++\n", FrontMatter{}, "\n+++\na = 1\n+++\n", 1, ""},
	{"mixed fences are not closed", "+++\na = 1\n---\nbody", FrontMatter{}, "", 1, `front matter is not closed: add a line "+++" after it`},
}

func TestSplitFrontMatter(t *testing.T) {
	for _, tc := range splitCases {
		t.Run(tc.name, func(t *testing.T) {
			fm, body, bodyLine, err := SplitFrontMatter(tc.src)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if fm != tc.want || body != tc.body || bodyLine != tc.bodyLine || gotErr != tc.err {
				t.Errorf("got %+v, %q, %d, %q; want %+v, %q, %d, %q", fm, body, bodyLine, gotErr, tc.want, tc.body, tc.bodyLine, tc.err)
			}
		})
	}
}
