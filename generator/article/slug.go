package article

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var german = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

// marks drops combining marks. A transform.Chain keeps state while it runs,
// so each caller takes one of its own: Fold is called on all cores.
var marks = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Fold lower-cases text, spells German letters out (ä -> ae, ß -> ss; a
// decomposed "u" + U+0308 is "ü" too) and drops other marks (é -> e). Slugs
// and the search index are both made of folded text.
func Fold(s string) string {
	s = strings.ToLower(s)
	if ascii(s) {
		return s
	}
	s = german.Replace(norm.NFC.String(s))
	t := marks.Get().(transform.Transformer)
	defer marks.Put(t)
	if folded, _, err := transform.String(t, s); err == nil {
		return folded
	}
	return s
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Slugify turns a title or beat name into a URL slug: the text folded, and
// every run of characters other than ASCII letters and digits a single "-".
// It returns "" when nothing is left.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}
