package article

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLead(t *testing.T) {
	long := strings.Repeat("word ", 70) // 350 characters
	for _, tc := range []struct{ name, body, want string }{
		{"lead-in marker", "**USPA News** - The ferry sailed.\n\nSecond.", "USPA News - The ferry sailed."},
		{"line break joins", "**USPA News** - One  \ntwo", "USPA News - One two"},
		{"links and code", "A [link](http://x.y/) and <https://y.z/> and `code` and snake_case_name.", "A link and https://y.z/ and code and snake_case_name."},
		{"emphasis", "It was *very* cold in _Hamburg_ and **Kiel**.", "It was very cold in Hamburg and Kiel."},
		{"signs are text", "-5 degrees, call +49 30 123.", "-5 degrees, call +49 30 123."},
		{"quote and list markers", "> quoted **text**\n> - more", "quoted text more"},
		{"table rows skipped", "| a | b |\n|---|---|\nText", "Text"},
		{"leading blank lines", "\n\nFirst.\n\nSecond.", "First."},
		{"cut at a word", long, strings.TrimSpace(strings.Repeat("word ", 60)) + " …"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Lead(tc.body); got != tc.want {
				t.Errorf("Lead(%q) = %q, want %q", tc.body, got, tc.want)
			}
		})
	}
}

func TestIsStory(t *testing.T) {
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"content/2013/putin.txt", true},
		{"content/ferry.md", true},
		{"content/_index.md", false},
		{"content/.draft.md", false},
		{"content/ferry.html", false},
		{"content/notes.txt.bak", false},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if got := IsStory(tc.path); got != tc.want {
				t.Errorf("IsStory(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

// FuzzLead: Lead gives what its first implementation gave (leadReference:
// the same text made plain, then a slice of every word and of every rune of
// it to collapse its spaces and cut it), for any text.
func FuzzLead(f *testing.F) {
	for _, s := range []string{"**USPA News** - The ferry sailed.\n\nSecond.", strings.Repeat("wörd ", 70),
		" a\tb\u00a0c  d ", "x\xffy " + strings.Repeat("z ", 200), strings.Repeat("ü", 301), "> quoted **text**\n> - more", "## - > * x", "-5 and +49"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if got, want := Lead(body), leadReference(body); got != want {
			t.Errorf("Lead(%q) = %q, want %q", body, got, want)
		}
		if got, want := stripBlockMarks(body), mdBlock.ReplaceAllString(body, ""); got != want {
			t.Errorf("stripBlockMarks(%q) = %q, want %q", body, got, want)
		}
		if got := collapseSpace(body); got != strings.Join(strings.Fields(body), " ") {
			t.Errorf("collapseSpace(%q) = %q", body, got)
		}
	})
}

func leadReference(body string) string {
	s := strings.Join(strings.Fields(leadText(body)), " ")
	if utf8.RuneCountInString(s) <= maxLead {
		return s
	}
	r := []rune(s)[:maxLead]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > maxLead/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + " …"
}
