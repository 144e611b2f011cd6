package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The bad-input matrix: each case breaks a good archive one way; the build
// must exit 1, print exactly these diagnostics, and leave the output folder
// as it was.
var badInputs = []struct {
	name  string
	files map[string]string // written over the good archive; "" deletes
	want  string            // stderr before the summary line
}{
	{"empty file", map[string]string{"content/x.txt": ""},
		"content/x.txt:1: empty file: a story needs a beat, a title, a date and a body\n"},
	{"binary file", map[string]string{"content/x.txt": "Beat: X\n\x00\x01\x02PNG"},
		"content/x.txt:2: binary file (a NUL byte): not a story\n"},
	{"invalid UTF-8", map[string]string{"content/x.txt": "Beat: Politics\n\n## Title\n\n-, 01.01.2020, 10:00\n\nBad \xff\xfe bytes.\n"},
		"content/x.txt:7: not UTF-8 (is it Latin-1 or Windows-1252?): convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8\n"},
	{"Latin-1 German story", map[string]string{"content/x.txt": "Ressort: Politik\n\n## Au\xdfenminister in M\xfcnchen\n\n-, 01.01.2020, 10:00 Uhr\n\nText.\n"},
		"content/x.txt:3: not UTF-8 (is it Latin-1 or Windows-1252?): convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8\n"},
	{"no title", map[string]string{"content/x.txt": "Beat: Politics\n\n-, 01.01.2020, 10:00\n\nText.\n"},
		"content/x.txt:3: missing title: expected a line \"## Title\" after the header\n"},
	{"no date", map[string]string{"content/x.md": "+++\ntitle = \"No date\"\nbeat = \"Politics\"\n+++\nText.\n"},
		"content/x.md:1: missing date: add date = 2013-03-03T07:25:00+01:00 to the front matter\n"},
	{"impossible date", map[string]string{"content/x.txt": "Beat: Politics\n\n## Title\n\n-, 31.02.2013, 10:00\n\nText.\n"},
		"content/x.txt:5: impossible date 31.02.2013: no such day\n"},
	{"impossible time", map[string]string{"content/x.txt": "Beat: Politics\n\n## Title\n\n-, 01.02.2013, 25:61\n\nText.\n"},
		"content/x.txt:5: impossible time 25:61: use 00:00 to 23:59\n"},
	{"dateline in the wrong order", map[string]string{"content/x.txt": "Beat: Politics\n\n## Title\n\n10:00, 01.02.2013, Berlin\n\nText.\n"},
		"content/x.txt:5: dateline fields in the wrong order in \"10:00, 01.02.2013, Berlin\": expected \"BYLINE, DD.MM.YYYY, HH:MM Time\"\n"},
	{"no beat", map[string]string{"content/x.txt": "## Title\n\n-, 01.02.2013, 10:00\n\nText.\n"},
		"content/x.txt:1: missing beat: a wire story starts with a line \"Beat: NAME\" (or \"Ressort: NAME\")\n"},
	{"unknown header line", map[string]string{"content/x.txt": "Beat: Politics\nPriority: urgent\n\n## Title\n\n-, 01.02.2013, 10:00\n\nText.\n"},
		"content/x.txt:2: unknown header key \"Priority\": the wire header knows Beat (or Ressort), Embargo, Updated, Correction, Aliases, Withdrawn\n"},
	{"front matter not closed", map[string]string{"content/x.md": "+++\ntitle = \"Open\"\n\nText.\n"},
		"content/x.md:1: front matter is not closed: add a line \"+++\" after it\n"},
	{"TOML syntax error", map[string]string{"content/x.md": "+++\ntitle = \"T\"\ndate = 2020-01-01\nbeat = Politics\n+++\nText.\n"},
		"content/x.md:4: front matter (TOML) does not parse: expected value but found \"Politics\" instead\n"},
	{"YAML syntax error", map[string]string{"content/x.md": "---\ntitle: T\ndate: 2020-01-01\nbeat: [Politics\n---\nText.\n"},
		"content/x.md:4: front matter (YAML) does not parse: did not find expected ',' or ']'\n"},
	{"wire URL that is not a URL", map[string]string{"content/x.txt": "Beat: Politics\n\n## Title\n\n-, 01.02.2013, 10:00\n\nText.\n\n**Article online:**\n\n<ht tp://bad url>\n"},
		"content/x.txt:11: article URL \"ht tp://bad url\" is not a URL\n"},
	{"two stories, one permalink", map[string]string{"content/x.md": "+++\ntitle = \"Copy\"\ndate = 2020-01-01T10:00:00Z\nbeat = \"Politics\"\nurl = \"/bericht-575/council-approves-budget.html\"\n+++\nText.\n"},
		"content/a.txt:11: id 575 is also the id of content/x.md; give one story another id\n" +
			"content/a.txt:11: permalink /bericht-575/council-approves-budget.html is also the permalink of content/x.md; change the url or slug of one\n" +
			"content/x.md:5: id 575 is also the id of content/a.txt; give one story another id\n" +
			"content/x.md:5: permalink /bericht-575/council-approves-budget.html is also the permalink of content/a.txt; change the url or slug of one\n"},
	{"template calls an unknown function", map[string]string{"templates/home.html": "{{ define \"main\" }}\n{{ frobnicate . }}\n{{ end }}\n"},
		"templates/home.html:2: function \"frobnicate\" not defined\n"},
	{"template fails while executing", map[string]string{"templates/article.html": "{{ define \"main\" }}\n{{ index .Params \"a\" \"b\" }}\n{{ end }}\n"},
		"templates/article.html:2: executing \"main\" at <index .Params \"a\" \"b\">: error calling index: index of nil pointer (rendering content/a.txt and 1 more)\n"},
	{"config: unknown key", map[string]string{"config.toml": "title = \"T\"\ntimezone = \"Europe/Berlin\"\ncolour = \"red\"\n"},
		"config.toml:3: colour: unknown key; remove it or check its spelling (see README.md for the keys)\n"},
	{"config: wrong type", map[string]string{"config.toml": "title = \"T\"\npaginate = \"ten\"\n"},
		"config.toml:2: paginate: wrong type: must be an integer, not a string; e.g. paginate = 20\n"},
	{"config: bad time zone", map[string]string{"config.toml": "title = \"T\"\ntimezone = \"Europe/Atlantis\"\n"},
		"config.toml:2: timezone: unknown time zone \"Europe/Atlantis\"; use an IANA name such as \"Europe/Berlin\" or \"UTC\"\n"},
	{"a 10 MB story with a bad URL at its end", map[string]string{"content/x.txt": "Beat: Politics\n\n## Long\n\n-, 01.02.2013, 10:00\n\n" +
		strings.Repeat("A long paragraph of agency copy that goes on and on. ", 200000) + "\n\nBad date: 31.02.2013\n" +
		"\n**Article online:**\n\n<https://news.example/bericht-1/long.html?q=1>\n"},
		"content/x.txt:13: article URL \"https://news.example/bericht-1/long.html?q=1\" has a query or fragment; a permalink is a path only\n"},
	{"config: bad permalink pattern", map[string]string{"config.toml": "title = \"T\"\n[permalinks]\narticle = \"/news/{title}.html\"\n"},
		"config.toml:3: permalinks.article: unknown placeholder {title} in \"/news/{title}.html\"; use {id} {slug} {beat} {yyyy} {mm} {dd}\n"},
}

func TestBadInputMatrix(t *testing.T) {
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			site := writeArchive(t, archiveTxtar)
			if _, stderr, code := run(t, "build", "-s", site); code != 0 {
				t.Fatal(stderr)
			}
			out := filepath.Join(site, "public")
			before := tree(t, out)
			for p, data := range tc.files {
				p = filepath.Join(site, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, stderr, code := run(t, "build", "-s", site)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			diags := stderr[:strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1]
			if diags != tc.want {
				t.Errorf("diagnostics:\n got %q\nwant %q", diags, tc.want)
			}
			if diff := cmp.Diff(before, tree(t, out)); diff != "" {
				t.Errorf("the output changed (-before +after):\n%s", diff)
			}
		})
	}
}
