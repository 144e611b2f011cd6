package config_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"dateline/generator/config"
)

// summary is what the tests compare of a Config: its keys and what Parse
// derives from them.
type summary struct {
	Title, BaseURL, Language, Timezone string
	Paginate                           int
	Agency                             config.Agency
	Permalinks                         config.Permalinks
	Beats                              []config.Beat
	Legal                              config.Legal
	Wire                               config.Wire
	Location                           string // Location.String()
	Base                               string // Base.String()
	BasePath                           string
}

func summarize(t *testing.T, c *config.Config) summary {
	t.Helper()
	if c.Location == nil || c.Base == nil {
		t.Fatalf("Parse left Location (%v) or Base (%v) unset", c.Location, c.Base)
	}
	return summary{
		Title: c.Title, BaseURL: c.BaseURL, Language: c.Language, Timezone: c.Timezone,
		Paginate: c.Paginate, Agency: c.Agency, Permalinks: c.Permalinks, Beats: c.Beats,
		Legal: c.Legal, Wire: c.Wire,
		Location: c.Location.String(), Base: c.Base.String(), BasePath: c.Base.Path,
	}
}

func TestParse(t *testing.T) {
	defaults := summary{
		Title: "News Archive", BaseURL: "/", Language: "en", Timezone: "UTC", Paginate: 20,
		Agency:     config.Agency{Name: "News Agency"},
		Permalinks: config.Permalinks{Article: "/bericht-{id}/{slug}.html", Ledger: true},
		Location:   "UTC", Base: "/", BasePath: "/",
	}
	with := func(f func(*summary)) summary {
		s := defaults
		f(&s)
		return s
	}
	tests := []struct {
		name string
		toml string
		want summary
	}{
		{name: "empty file gives the defaults", toml: "", want: defaults},
		{name: "comments only", toml: "# nothing set\n\n", want: defaults},
		{
			name: "baseURL without a trailing slash gets one",
			toml: `baseURL = "https://x.org/news"`,
			want: with(func(s *summary) {
				s.BaseURL, s.Base, s.BasePath = "https://x.org/news", "https://x.org/news/", "/news/"
			}),
		},
		{
			name: "baseURL of a host alone has the path /",
			toml: `baseURL = "https://x.org"`,
			want: with(func(s *summary) { s.BaseURL, s.Base, s.BasePath = "https://x.org", "https://x.org/", "/" }),
		},
		{
			name: "baseURL as a path",
			toml: `baseURL = "/archive-site/"`,
			want: with(func(s *summary) { s.BaseURL, s.Base, s.BasePath = "/archive-site/", "/archive-site/", "/archive-site/" }),
		},
		{
			name: "keys are matched case-insensitively, as in Hugo",
			toml: `baseurl = "https://x.org/"` + "\nTitle = \"T\"",
			want: with(func(s *summary) { s.Title, s.BaseURL, s.Base = "T", "https://x.org/", "https://x.org/" }),
		},
		{
			name: "every key",
			toml: `title = "Archiv"
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
			want: summary{
				Title: "Archiv", BaseURL: "https://x.org/de/", Language: "de", Timezone: "America/New_York", Paginate: 1,
				Agency:     config.Agency{Name: "dpa", Copyright: "© dpa"},
				Permalinks: config.Permalinks{Article: "/{beat}/{yyyy}/{mm}/{dd}/{slug}/"},
				Beats:      []config.Beat{{Name: "Crude Oil", Slug: "oil", Description: "Barrels."}},
				Legal:      config.Legal{Footer: "**Impressum:** name = \"not a key\"\n"},
				Wire:       config.Wire{Boilerplate: []string{"**Impressum:**"}},
				Location:   "America/New_York", Base: "https://x.org/de/", BasePath: "/de/",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Parse([]byte(tc.toml))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tc.want, summarize(t, c)); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := config.Parse(data)
	if err != nil {
		t.Fatalf("Parse(config.toml): %v", err)
	}
	var beats []string
	for _, b := range c.Beats {
		beats = append(beats, b.Name)
	}
	got := []string{c.Title, c.BaseURL, c.Base.String(), c.Location.String(), c.Language, c.Permalinks.Article, c.Agency.Name}
	want := []string{"USPA News Archive", "https://www.uspa24.com/", "https://www.uspa24.com/", "Europe/Berlin", "en", "/bericht-{id}/{slug}.html", "USPA News"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Politics", "Economy", "World"}, beats); diff != "" {
		t.Errorf("beats (-want +got):\n%s", diff)
	}
	if c.Paginate != 10 {
		t.Errorf("Paginate = %d, want 10", c.Paginate)
	}
	if c.Legal.Footer == "" {
		t.Error("Legal.Footer is empty")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want string
	}{
		{
			name: "unknown top-level key",
			toml: "title = \"T\"\n\ntitel = \"T\"\n",
			want: "config.toml:3: titel: unknown key; remove it or check its spelling (see README.md for the keys)",
		},
		{
			name: "unknown key in [agency]",
			toml: "title = \"T\"\n[agency]\nname = \"A\"\nwebsite = \"https://a.org\"\n",
			want: "config.toml:4: agency.website: unknown key; remove it or check its spelling (see README.md for the keys)",
		},
		{
			name: "unknown key in the second [[beats]]",
			toml: "[[beats]]\nname = \"Politics\"\n[[beats]]\nname = \"World\"\ncolour = \"red\"\n",
			want: "config.toml:5: beats.colour: unknown key; remove it or check its spelling (see README.md for the keys)",
		},
		{
			name: "unknown key of the same name as a known one elsewhere",
			toml: "name = \"A\"\n[agency]\nname = \"A\"\n",
			want: "config.toml:1: name: unknown key; remove it or check its spelling (see README.md for the keys)",
		},
		{
			name: "unknown key in a table that is also a top-level key",
			toml: "title = \"T\"\n[agency]\nname = \"A\"\ntitle = \"A\"\n",
			want: "config.toml:4: agency.title: unknown key; remove it or check its spelling (see README.md for the keys)",
		},
		{
			name: "unknown key after a multi-line string that looks like it",
			toml: "[legal]\nfooter = \"\"\"\nlink = x\n\"\"\"\n[agency]\nlink = \"https://a.org\"\n",
			want: "config.toml:6: agency.link: unknown key; remove it or check its spelling (see README.md for the keys)",
		},
		{
			name: "unknown table",
			toml: "title = \"T\"\n[agenzy]\nname = \"A\"\n",
			want: "config.toml:2: agenzy: unknown key; remove it or check its spelling (see README.md for the keys)",
		},
		{
			name: "paginate as a string",
			toml: "title = \"T\"\npaginate = \"ten\"\n",
			want: "config.toml:2: paginate: wrong type: must be an integer, not a string; e.g. paginate = 20",
		},
		{
			name: "title as a number",
			toml: "title = 5\n",
			want: "config.toml:1: title: wrong type: must be a string, not an integer; e.g. title = \"...\"",
		},
		{
			name: "boilerplate as a string",
			toml: "[wire]\nboilerplate = \"**Impressum:**\"\n",
			want: "config.toml:2: wire.boilerplate: wrong type: must be an array, not a string; e.g. boilerplate = [\"...\"]",
		},
		{
			name: "beat name as a number",
			toml: "[[beats]]\nname = 5\n",
			want: "config.toml:2: beats.name: wrong type: must be a string, not an integer; e.g. name = \"...\"",
		},
		{
			name: "syntax error",
			toml: "title = \"T\"\npaginate = \n",
			want: "config.toml:2: paginate: expected value but found '\\n' instead",
		},
		{
			name: "unknown time zone",
			toml: "title = \"T\"\ntimezone = \"Europe/Bonn\"\n",
			want: "config.toml:2: timezone: unknown time zone \"Europe/Bonn\"; use an IANA name such as \"Europe/Berlin\" or \"UTC\"",
		},
		{
			name: "Local is not a time zone of the archive",
			toml: "timezone = \"Local\"\n",
			want: "config.toml:1: timezone: unknown time zone \"Local\"; use an IANA name such as \"Europe/Berlin\" or \"UTC\"",
		},
		{
			name: "empty time zone",
			toml: "timezone = \"\"\n",
			want: "config.toml:1: timezone: unknown time zone \"\"; use an IANA name such as \"Europe/Berlin\" or \"UTC\"",
		},
		{
			name: "not a language code",
			toml: "language = \"French\"\n",
			want: "config.toml:1: language: \"French\" is not a language code; use one such as \"en\" or \"de\" (the theme has en, de; another needs templates/i18n/CODE.toml)",
		},
		{
			name: "paginate 0",
			toml: "\npaginate = 0\n",
			want: "config.toml:2: paginate: must be at least 1, not 0",
		},
		{
			name: "paginate negative",
			toml: "paginate = -3\n",
			want: "config.toml:1: paginate: must be at least 1, not -3",
		},
		{
			name: "baseURL without a scheme",
			toml: "baseURL = \"www.uspa24.com/\"\n",
			want: "config.toml:1: baseURL: \"www.uspa24.com/\" is not a base URL; use the form \"https://example.org/\" or \"/\"",
		},
		{
			name: "baseURL without a host",
			toml: "baseURL = \"https:///news/\"\n",
			want: "config.toml:1: baseURL: \"https:///news/\" is not a base URL; use the form \"https://example.org/\" or \"/\"",
		},
		{
			name: "baseURL with a query",
			toml: "baseURL = \"https://x.org/?lang=de\"\n",
			want: "config.toml:1: baseURL: \"https://x.org/?lang=de\" is not a base URL; use the form \"https://example.org/\" or \"/\"",
		},
		{
			name: "baseURL that does not parse",
			toml: "baseURL = \"https://x.org/%zz/\"\n",
			want: "config.toml:1: baseURL: \"https://x.org/%zz/\" is not a base URL; use the form \"https://example.org/\" or \"/\"",
		},
		{
			name: "pattern without a leading slash",
			toml: "[permalinks]\narticle = \"bericht-{id}/{slug}.html\"\n",
			want: "config.toml:2: permalinks.article: pattern \"bericht-{id}/{slug}.html\" must start with \"/\", e.g. \"/bericht-{id}/{slug}.html\"",
		},
		{
			name: "pattern with an unknown placeholder",
			toml: "[permalinks]\narticle = \"/{foo}/{id}/\"\n",
			want: "config.toml:2: permalinks.article: unknown placeholder {foo} in \"/{foo}/{id}/\"; use {id} {slug} {beat} {yyyy} {mm} {dd}",
		},
		{
			name: "pattern without id or slug",
			toml: "[permalinks]\narticle = \"/{beat}/{yyyy}/\"\n",
			want: "config.toml:2: permalinks.article: pattern \"/{beat}/{yyyy}/\" needs {id} or {slug}, so every story gets its own permalink",
		},
		{
			name: "pattern with ..",
			toml: "[permalinks]\narticle = \"/../{id}.html\"\n",
			want: "config.toml:2: permalinks.article: pattern \"/../{id}.html\" may not contain \"..\", \"?\", \"#\" or \"\\\"",
		},
		{
			name: "beat without a name",
			toml: "[agency]\nname = \"A\"\n\n[[beats]]\nname = \"Politics\"\n\n[[beats]]\ndescription = \"Nameless.\"\n",
			want: "config.toml:7: beats.name: beat 2 has no name; add name = \"...\"",
		},
		{
			name: "beat with a blank name",
			toml: "[[beats]]\nname = \"  \"\n",
			want: "config.toml:2: beats.name: beat 1 has no name; add name = \"...\"",
		},
		{
			name: "beat listed twice",
			toml: "[agency]\nname = \"A\"\n[[beats]]\nname = \"Politics\"\n[[beats]]\nname = \"World\"\n[[beats]]\nname = \"Politics\"\n",
			want: "config.toml:8: beats.name: beat \"Politics\" is listed twice (beats 1 and 3); remove one",
		},
		{
			name: "beat listed twice in another case",
			toml: "[[beats]]\nname = \"Politics\"\n[[beats]]\nname = \"politics\"\n",
			want: "config.toml:4: beats.name: beat \"politics\" is listed twice (beats 1 and 2); remove one",
		},
		{
			name: "beat slug with a slash",
			toml: "[[beats]]\nname = \"Crude Oil\"\nslug = \"crude/oil\"\n",
			want: "config.toml:3: beats.slug: slug \"crude/oil\" of beat \"Crude Oil\" must be one path segment of letters, digits and \"-\"; e.g. slug = \"crude-oil\"",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Parse([]byte(tc.toml))
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want error %q", c, tc.want)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("Parse error:\n got %s\nwant %s", got, tc.want)
			}
			if _, ok := err.(*config.Error); !ok {
				t.Errorf("Parse error is a %T, want *config.Error", err)
			}
		})
	}
}

func TestCheckPattern(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		want    string // "" for a usable pattern
	}{
		{name: "default", pattern: "/bericht-{id}/{slug}.html"},
		{name: "id only", pattern: "/{id}/"},
		{name: "slug only", pattern: "/{slug}"},
		{name: "every placeholder", pattern: "/{beat}/{yyyy}/{mm}/{dd}/{id}-{slug}/"},
		{name: "empty", pattern: "", want: `pattern "" must start with "/", e.g. "/bericht-{id}/{slug}.html"`},
		{name: "no leading slash", pattern: "{id}/", want: `pattern "{id}/" must start with "/", e.g. "/bericht-{id}/{slug}.html"`},
		{name: "unknown placeholder", pattern: "/{foo}/{id}", want: `unknown placeholder {foo} in "/{foo}/{id}"; use {id} {slug} {beat} {yyyy} {mm} {dd}`},
		{name: "placeholders are lower case", pattern: "/{ID}/", want: `unknown placeholder {ID} in "/{ID}/"; use {id} {slug} {beat} {yyyy} {mm} {dd}`},
		{name: "empty placeholder", pattern: "/{}/{id}", want: `unknown placeholder {} in "/{}/{id}"; use {id} {slug} {beat} {yyyy} {mm} {dd}`},
		{name: "unclosed brace", pattern: "/{id}/{slug", want: `unbalanced braces in "/{id}/{slug"`},
		{name: "stray closing brace", pattern: "/{id}/slug}", want: `unbalanced braces in "/{id}/slug}"`},
		{name: "neither id nor slug", pattern: "/{beat}/{yyyy}/{mm}/{dd}/", want: `pattern "/{beat}/{yyyy}/{mm}/{dd}/" needs {id} or {slug}, so every story gets its own permalink`},
		{name: "no placeholder", pattern: "/story.html", want: `pattern "/story.html" needs {id} or {slug}, so every story gets its own permalink`},
		{name: "dot dot", pattern: "/a/../{id}/", want: `pattern "/a/../{id}/" may not contain "..", "?", "#" or "\"`},
		{name: "query", pattern: "/{id}?x=1", want: `pattern "/{id}?x=1" may not contain "..", "?", "#" or "\"`},
		{name: "fragment", pattern: "/{id}#top", want: `pattern "/{id}#top" may not contain "..", "?", "#" or "\"`},
		{name: "backslash", pattern: `/a\{id}`, want: `pattern "/a\\{id}" may not contain "..", "?", "#" or "\"`},
		{name: "hidden segment", pattern: "/.stories/{id}/", want: `pattern "/.stories/{id}/" has a hidden segment ".stories", which static hosts do not serve; remove the leading "."`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if err := config.CheckPattern(tc.pattern); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("CheckPattern(%q):\n got %q\nwant %q", tc.pattern, got, tc.want)
			}
		})
	}
}
