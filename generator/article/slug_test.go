package article

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

var slugCases = []struct{ name, in, want string }{
	{"German letters", "Änderung über Öl und Straße", "aenderung-ueber-oel-und-strasse"},
	{"German capitals", "ÄRGER ÖFFNET ÜBER GROẞE", "aerger-oeffnet-ueber-grosse"},
	{"German letters decomposed", "Mu\u0308nchen und Ko\u0308ln", "muenchen-und-koeln"},
	{"other marks folded", "Café Crème, Façade, São Paulo, Ångström", "cafe-creme-facade-sao-paulo-angstroem"},
	{"lower case", "Putin, Obama Task Top Diplomats to Seek New Syria Initiatives", "putin-obama-task-top-diplomats-to-seek-new-syria-initiatives"},
	{"runs of other characters", "a -- b__c!!!d\t\ne", "a-b-c-d-e"},
	{"no leading or trailing dash", "  --«Hello»--  ", "hello"},
	{"ampersand", "Tom & Jerry", "tom-jerry"},
	{"digits", "G-20 summit 2013: 1,5 % growth", "g-20-summit-2013-1-5-growth"},
	{"already a slug", "bericht-575", "bericht-575"},
	{"empty", "", ""},
	{"only punctuation", "!!! ??? ---", ""},
	{"no Latin letters", "Путин", ""},
}

func TestSlugify(t *testing.T) {
	for _, tc := range slugCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Slugify(tc.in); got != tc.want {
				t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestFoldOnAllCores folds text with marks on many goroutines at once, as
// the search index does: a transformer shared between them corrupts its
// output or panics.
func TestFoldOnAllCores(t *testing.T) {
	const text = "Café Zürich: Ærø, naïve Straße, São Tomé, Dvořák, Łódź"
	want := Fold(text)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 500 {
				if got := Fold(text); got != want {
					t.Errorf("Fold = %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestFoldByTable: Latin text and punctuation fold rune by rune from the
// table the same as the long way, whatever the runes around; other text
// takes the long way.
func TestFoldByTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", " ", "-", "7", "u\u0308", "\u0301", "İ", "Ⱥ", "ſ", "Я", "\xff", "ẞ", "ǅ", "Ǆ", "ĳ", "Œ"}
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			switch r.IntN(4) {
			case 0:
				b.WriteString(pieces[r.IntN(len(pieces))])
			case 1:
				b.WriteRune(rune(punctStart + r.IntN(punctEnd-punctStart)))
			default:
				b.WriteRune(rune(0x80 + r.IntN(latinEnd-0x80)))
			}
		}
		s := b.String()
		if got, want := Fold(s), foldFull(s); got != want {
			t.Fatalf("Fold(%q) = %q, the long way %q", s, got, want)
		}
	}
}

// FuzzFold: Fold is the long way on any input.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Außenminister in München", "Mu\u0308nchen", "Café Ærø", "İstanbul", "\xffÄ", "„Zitat“ – Ende …"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldFull(s); got != want {
			t.Fatalf("Fold(%q) = %q, the long way %q", s, got, want)
		}
	})
}
