package article

import (
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
