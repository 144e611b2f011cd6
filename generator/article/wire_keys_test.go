package article

import "testing"

// The optional header keys of the wire format (DESIGN.md, rule 2).
var wireKeyCases = []struct {
	name   string
	header string
	want   *Article
	diags  []string
}{
	{name: "all optional keys", header: "Beat: Politics\nEmbargo: 04.03.2013 06:00\nUpdated: 05.03.2013 10:15 Uhr\nCorrection: The ferry left at dawn, not at noon.\nAliases: /old/ferry.html, /2013/ferry/\nWithdrawn: Legal reasons.",
		want: wArticle(func(a *Article) {
			a.Lastmod = at(2013, 3, 5, 10, 15)
			a.Notes = &Notes{Embargo: at(2013, 3, 4, 6, 0), Correction: "The ferry left at dawn, not at noon.", Withdrawn: "Legal reasons.",
				Aliases: []string{"/old/ferry.html", "/2013/ferry/"}, AliasLine: 5}
			a.URLLine, a.BodyLine = 18, 12
		})},
	{name: "keys in any case and order", header: "withdrawn: x\nRESSORT: Politik\nupdated: 05.03.2013 10:15",
		want: wArticle(func(a *Article) {
			a.Beats, a.Notes, a.Lastmod = []string{"Politik"}, &Notes{Withdrawn: "x"}, at(2013, 3, 5, 10, 15)
			a.URLLine, a.BodyLine = 15, 9
		})},
	{name: "malformed embargo", header: "Beat: Politics\nEmbargo: tomorrow morning",
		diags: []string{`content/x.txt:2: Embargo "tomorrow morning" is not a date and time: use DD.MM.YYYY HH:MM`}},
	{name: "impossible update", header: "Beat: Politics\nUpdated: 31.02.2013 10:00",
		diags: []string{`content/x.txt:2: Updated "31.02.2013 10:00" is not a date and time: use DD.MM.YYYY HH:MM`}},
	{name: "empty correction", header: "Beat: Politics\nCorrection:",
		diags: []string{`content/x.txt:2: Correction has no text: say what was corrected, or why the story was withdrawn`}},
	{name: "empty aliases", header: "Beat: Politics\nAliases: , ",
		diags: []string{`content/x.txt:2: Aliases has no paths: list old paths, comma-separated, e.g. Aliases: /old/story.html`}},
	{name: "key given twice", header: "Beat: Politics\nUpdated: 05.03.2013 10:15\nUpdated: 06.03.2013 10:15",
		diags: []string{`content/x.txt:3: Updated is given twice: keep one Updated line`}},
}

func TestWireHeaderKeys(t *testing.T) {
	for _, tc := range wireKeyCases {
		t.Run(tc.name, func(t *testing.T) {
			src := wire(tc.header, wTitle, wDateline, wBody, wOnline, wLegal)
			got, ds := Parse("content/x.txt", []byte(src), Options{Location: berlin})
			checkParse(t, got, ds, tc.want, tc.diags)
		})
	}
}
