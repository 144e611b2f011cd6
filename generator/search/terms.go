package search

import (
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	return appendTerms(nil, text, map[string]bool{})
}

// appendTerms appends the terms of text (see Terms) that are not in seen to
// out, and adds them to seen. The terms are pieces of one folded copy of
// text; a caller that keeps a few of many must clone them.
func appendTerms(out []string, text string, seen map[string]bool) []string {
	for word := range strings.FieldsFuncSeq(article.Fold(text), notInWord) {
		out = appendTerm(out, word, seen)
	}
	return out
}

func notInWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

func appendTerm(out []string, word string, seen map[string]bool) []string {
	if utf8.RuneCountInString(word) < 2 {
		return out
	}
	word = Stem(word)
	if seen[word] {
		return out
	}
	seen[word] = true
	return append(out, word)
}

// Bucket is the shard file a term lives in: FNV-1a (32 bit) of its UTF-8
// bytes, modulo the number of shards.
func Bucket(term string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % uint32(shards))
}
