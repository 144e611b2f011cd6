// Package bench writes generated news archives and measures dateline on them.
//
// Write(dir, n, seed) writes an archive of n stories into dir, creating it:
//
//	config.toml                          the settings of ../shared/bench/dateline-config.toml
//	content/BEAT/YYYY/ID-SLUG.txt        about two thirds: the agency's wire format
//	content/BEAT/YYYY/ID-SLUG.md         the others: Markdown with TOML front matter
//
// Story i has id 1000+i, one of 12 beats, a date spread evenly (with jitter)
// over the twenty years 2006 to 2025, so ids ascend with dates, and a body of 4
// to 12 paragraphs of word salad (3 to 8 KB) opening with "**USPA News** - ".
// One story in eight is German: a German beat (Politik, Wirtschaft), title and
// text of German words with umlauts and ß, a German place. A
// wire file is laid out as ../shared/fixtures/seed-article.txt: Beat header,
// "## " title, dateline "PLACE, DD.MM.YYYY, HH:MM Time" ("-" for no place),
// body, "**Article online:**" and <https://news.example.org/bericht-ID/SLUG.html>
// with SLUG = article.Slugify(title), legal boilerplate. A Markdown file has
// title, date (local to the archive's time zone), beat, id and author; its
// permalink comes from the [permalinks] pattern, of the same shape. The same n
// and seed give the same bytes; the archive builds without a diagnostic.
//
// The benchmarks in bench_test.go build such archives in memory, rebuild them
// unchanged, and time an edit under `dateline serve` from save to served page.
package bench

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dateline/generator/article"
)

const configToml = `title    = "Example News Archive"
baseURL  = "https://news.example.org/"
language = "en"
timezone = "Europe/Berlin"
paginate = 20

[agency]
name = "USPA News"

[permalinks]
article = "/bericht-{id}/{slug}.html"

[legal]
footer = """
V.i.S.d.P. & Sect. 6 MDSStV (German Interstate Media Services Agreement):
Example News Agency, Editorial Office, Newsroom Street 1, 10115 Berlin, Germany.
Reproduction of this article is permitted only with attribution "Example News Agency" and a link to the original article.
"""
`

const boilerplate = `**Editorial office and responsibility:**

V.i.S.d.P. & Sect. 6 MDSStV (German Interstate Media Services Agreement):

**Exemption from liability:**

The publisher shall assume no liability for the accuracy or completeness of the published report and is merely providing space for the submission of and access to third-party content. Liability for the content of a report lies solely with the author of such report.

**Editorial program service of General News Agency:**

United Press Association, Inc.  
3651 Lindell Road, Suite D168  
Las Vegas, NV 89103, USA  
[info@unitedpressassociation.org](mailto:info@unitedpressassociation.org)
`

var (
	beats = []string{"Politics", "Economy", "Sports", "Culture", "Science", "Technology",
		"Health", "Environment", "Justice", "Media", "Travel", "Miscellaneous"}
	places  = []string{"Berlin", "Washington", "Brussels", "Paris", "Tokyo", "Cairo", "München", "Zürich"}
	authors = []string{"Anna Becker", "Tom Hansen", "Maria López", "Jan Novák", "Jürgen Groß"}
	words   = strings.Fields(`government minister parliament election vote coalition opposition
		party leader president chancellor budget tax inflation market growth bank interest rate
		investors shares company industry workers union strike wages energy prices oil gas climate
		emissions weather storm flood drought scientists study research report data health hospital
		patients court judge trial ruling police investigation law reform border security talks
		summit agreement treaty sanctions trade exports tariffs digital network privacy media
		football league match season coach festival museum exhibition film music city region
		state country capital week month year official spokesman announced said warned expected
		new first last major public national international local record plan crisis recovery
		bürgermeister länder straße café`)
	// One story in eight is German.
	germanBeats  = []string{"Politik", "Wirtschaft"}
	germanPlaces = []string{"München", "Zürich", "Köln", "Düsseldorf", "Wien"}
	germanWords  = strings.Fields(`Regierung Minister Bundestag Wahl Abstimmung Koalition
		Opposition Partei Kanzlerin Haushalt Steuern Inflation Markt Wachstum Zinsen Anleger
		Aktien Unternehmen Gewerkschaft Streik Löhne Energie Preise Klima Außenminister
		Bürgermeister Länder Straße Gericht Urteil Polizei Ermittlungen Gesetz Reform Grenze
		Gespräche Gipfel Abkommen Handel Zölle Mannschaft Saison Ausstellung Stadt Region
		Bundesland Woche Monat Jahr Sprecher kündigte warnte erwartet neue erste größte
		öffentliche Krise Erholung Übernahme Förderung Maßnahmen`)
	start = time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	span  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start)
)

// Write writes an archive of n stories into dir (see the package comment).
func Write(dir string, n int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(configToml), 0o644); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := range n {
		id := 1000 + i
		date := start.Add(time.Duration((float64(i) + rng.Float64()) / float64(n) * float64(span))).Truncate(time.Minute)
		beat, vocabulary, placeList := beats[rng.IntN(len(beats))], words, places
		if rng.IntN(8) == 0 {
			beat, vocabulary, placeList = germanBeats[rng.IntN(len(germanBeats))], germanWords, germanPlaces
		}
		title := phrase(rng, vocabulary, 4+rng.IntN(6))
		slug := article.Slugify(title)
		paras := make([]string, 4+rng.IntN(9))
		for p := range paras {
			paras[p] = paragraph(rng, vocabulary)
		}
		body := "**USPA News** - " + strings.Join(paras, "\n\n") + "\n"
		var name, text string
		if rng.IntN(3) < 2 {
			place := "-"
			if rng.IntN(5) > 0 {
				place = placeList[rng.IntN(len(placeList))]
			}
			name = fmt.Sprintf("%d-%s.txt", id, slug)
			text = fmt.Sprintf("Beat: %s\n\n## %s\n\n%s, %s Time\n\n%s\n**Article online:**\n\n<https://news.example.org/bericht-%d/%s.html>\n\n%s",
				beat, title, place, date.Format("02.01.2006, 15:04"), body, id, slug, boilerplate)
		} else {
			name = fmt.Sprintf("%d-%s.md", id, slug)
			text = fmt.Sprintf("+++\ntitle = %q\ndate = %s\nbeat = %q\nid = %d\nauthor = %q\n+++\n\n%s",
				title, date.Format("2006-01-02T15:04:05"), beat, id, authors[rng.IntN(len(authors))], body)
		}
		folder := filepath.Join(dir, "content", article.Slugify(beat), date.Format("2006"))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(folder, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// phrase is k random words of vocabulary, the first capitalised.
func phrase(rng *rand.Rand, vocabulary []string, k int) string {
	w := make([]string, k)
	for i := range w {
		w[i] = vocabulary[rng.IntN(len(vocabulary))]
	}
	first, size := utf8.DecodeRuneInString(w[0])
	w[0] = string(unicode.ToUpper(first)) + w[0][size:]
	return strings.Join(w, " ")
}

// paragraph is 50 to 100 words in sentences of 6 to 15 words.
func paragraph(rng *rand.Rand, vocabulary []string) string {
	var s []string
	for left := 50 + rng.IntN(51); left > 0; {
		k := min(left, 6+rng.IntN(10))
		s = append(s, phrase(rng, vocabulary, k)+".")
		left -= k
	}
	return strings.Join(s, " ")
}
