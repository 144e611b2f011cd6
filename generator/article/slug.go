package article

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
//
// Text of Latin letters and punctuation folds rune by rune from a table
// that foldFull made of each of them (foldTable): with no combining mark in
// it, there is nothing to normalize, and the search index folds every
// story's lead (which ends in "…" when it is cut).
func Fold(s string) string {
	if ascii(s) {
		return strings.ToLower(s)
	}
	table := foldTable()
	b := make([]byte, 0, len(s)+8)
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b = append(b, byte(unicode.ToLower(r)))
		case r < latinEnd:
			b = append(b, table[r-utf8.RuneSelf]...)
		case r >= punctStart && r < punctEnd:
			b = append(b, table[r-punctStart+latinEnd-utf8.RuneSelf]...)
		default: // a combining mark, another script, or a bad byte
			return foldFull(s)
		}
	}
	return string(b)
}

// The runes whose folds foldTable holds: Latin-1 and Latin Extended-A and
// -B, and General Punctuation (dashes, quotes, "…"). None of them combines
// with its neighbours.
const (
	latinEnd   = 0x250
	punctStart = 0x2000
	punctEnd   = 0x2070
)

var foldTable = sync.OnceValue(func() []string {
	var t []string
	for r := rune(utf8.RuneSelf); r < latinEnd; r++ {
		t = append(t, foldFull(string(r)))
	}
	for r := rune(punctStart); r < punctEnd; r++ {
		t = append(t, foldFull(string(r)))
	}
	return t
})

// foldFull is Fold the long way: lower case, composed, German letters
// spelled out, then decomposed, marks dropped and composed again.
func foldFull(s string) string {
	s = german.Replace(norm.NFC.String(strings.ToLower(s)))
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
