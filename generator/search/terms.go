package search

import (
	"hash/fnv"
	"strings"
	"unicode"

	"dateline/generator/article"
)

// The text rules below are repeated, line for line, in static/js/search.js,
// which applies them to the reader's query; e2e tests check that both give
// the same terms.

// suffixes are stripped by Stem, the first that fits: English and German
// plural and inflection endings, so that "elections" finds "election".
var suffixes = []string{"ungen", "ing", "en", "er", "es", "ed", "e", "s"}

// Stem strips one ending from a folded word, keeping at least four letters.
func Stem(word string) string {
	if strings.HasSuffix(word, "ies") && len(word) > 5 {
		return word[:len(word)-3] + "y"
	}
	for _, s := range suffixes {
		if strings.HasSuffix(word, s) && len(word)-len(s) >= 4 {
			return word[:len(word)-len(s)]
		}
	}
	return word
}

// Terms returns the index terms of text: folded (article.Fold: "Muenchen"
// finds "München"), split on everything but
// letters and digits, words of two or more characters, stemmed; each once,
// in order of first appearance.
func Terms(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(article.Fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if len([]rune(w)) < 2 {
			continue
		}
		w = Stem(w)
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Bucket is the shard file a term lives in: FNV-1a (32 bit) of its UTF-8
// bytes, modulo the number of shards.
func Bucket(term string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % uint32(shards))
}
