package output

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// A pathSet answers as a map of strings does, through many doublings of
// its table, with repeated, empty and prefix-sharing paths.
func TestPathSetAnswersAsAMap(t *testing.T) {
	var s pathSet
	if s.has("a") || s.len() != 0 || len(s.sorted()) != 0 {
		t.Fatal("an empty set holds something")
	}
	want := map[string]bool{}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		var p string
		switch i % 4 {
		case 0:
			p = fmt.Sprintf("bericht-%d/story.html", r.IntN(8000))
		case 1:
			p = fmt.Sprintf("embed/%d/index.html", r.IntN(8000))
		case 2:
			p = fmt.Sprintf("oembed/%d.json", r.IntN(8000))
		default:
			p = []string{"", "a", "a/b", "a/b/c", "index.html"}[r.IntN(5)]
		}
		if got := s.add(p); got != !want[p] {
			t.Fatalf("add(%q) = %v with %d paths in", p, got, len(want))
		}
		want[p] = true
		if !s.has(p) {
			t.Fatalf("has(%q) = false right after add", p)
		}
	}
	if s.len() != len(want) {
		t.Fatalf("len = %d, want %d", s.len(), len(want))
	}
	for _, p := range []string{"bericht-8000/story.html", "embed/1/index.htm", "a/", "oembed/1.jso", "b"} {
		if s.has(p) != want[p] {
			t.Errorf("has(%q) = %v, want %v", p, s.has(p), want[p])
		}
	}
	for p := range want {
		if !s.has(p) {
			t.Fatalf("has(%q) = false", p)
		}
	}
	var sorted []string
	for p := range want {
		sorted = append(sorted, p)
	}
	slices.Sort(sorted)
	if got := s.sorted(); !slices.Equal(got, sorted) {
		t.Fatalf("sorted() holds %d paths, not the %d added, sorted", len(got), len(sorted))
	}
}
