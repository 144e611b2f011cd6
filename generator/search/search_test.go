package search

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/config"
	"dateline/generator/render"
)

func TestTerms(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"German letters", "Außenminister in München", "aussenminist in muench"},
		{"spelled out", "Aussenminister in Muenchen", "aussenminist in muench"},
		{"plural", "Elections election", "election"},
		{"ies", "studies study", "study"},
		{"marks folded", "Café Zürich Ærø", "cafe zuerich ærø"},
		{"short words dropped, digits kept", "a 3 G8 at 2024", "g8 at 2024"},
		{"each term once", "Oil oil OIL", "oil"},
		{"punctuation splits", "U.S.-led talks; «Brexit»", "led talk brexit"},
		{"German inflection", "Übernahmen Übernahme", "uebernahm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(Terms(tc.text), " "); got != tc.want {
				t.Errorf("Terms(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestBucket(t *testing.T) {
	// FNV-1a (32 bit) of "a" is 0xe40c292c, the published test vector.
	if got := Bucket("a", 1<<30); got != 0xe40c292c%(1<<30) {
		t.Errorf("Bucket = %#x", got)
	}
	for _, n := range []int{1, 10, 1000, 100000, 1000000} {
		if s := Shards(n); s < 16 || s > 4096 || s&(s-1) != 0 {
			t.Errorf("Shards(%d) = %d", n, s)
		}
	}
}

// index builds the search files of a small archive.
func index(t *testing.T, arts []*article.Article) map[string]string {
	t.Helper()
	cfg, err := config.Parse([]byte("baseURL = \"https://news.example/\"\ntimezone = \"Europe/Berlin\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	a, ds := archive.New(cfg, arts)
	if a == nil {
		t.Fatal(ds)
	}
	files := map[string]string{}
	if err := Index(a, "/", cfg.Location, func(p render.Page) error { files[p.Path] = string(p.Data); return nil }); err != nil {
		t.Fatal(err)
	}
	return files
}

func story(n int, title, beat, summary string, draft bool) *article.Article {
	return &article.Article{Path: fmt.Sprintf("content/%03d.md", n), Format: article.Markdown, Title: title, Beats: []string{beat},
		Date: time.Date(2013, 3, n%28+1, 10, 0, 0, 0, time.UTC), ID: n, Summary: summary, Draft: draft}
}

// lookup returns the title and other doc ids of a term.
func lookup(t *testing.T, files map[string]string, term string) (title, other []int) {
	t.Helper()
	var m meta
	json.Unmarshal([]byte(files["search/meta.json"]), &m)
	var shard map[string][2][]int
	if err := json.Unmarshal([]byte(files[fmt.Sprintf("search/t/%d.json", Bucket(term, m.Shards))]), &shard); err != nil {
		t.Fatal(err)
	}
	undelta := func(l []int) []int {
		v := 0
		out := []int{}
		for _, d := range l {
			v += d
			out = append(out, v)
		}
		return out
	}
	p := shard[term]
	return undelta(p[0]), undelta(p[1])
}

func TestIndex(t *testing.T) {
	files := index(t, []*article.Article{
		story(1, "Oil prices fall", "Crude Oil", "Brent fell.", false),
		story(2, "Brent rises", "Crude Oil", "Oil prices rose in Wien.", false),
		story(3, "Secret draft about oil", "Crude Oil", "Oil.", true),
	})
	// Doc 0 is the oldest: "Oil prices fall" (2 March), doc 1 "Brent rises".
	title, other := lookup(t, files, "oil")
	if fmt.Sprint(title, other) != "[0] [1]" {
		t.Errorf("oil: title %v, other %v", title, other)
	}
	if title, _ := lookup(t, files, "beat:crude-oil"); fmt.Sprint(title) != "[0 1]" {
		t.Errorf("the beat filter term: %v", title)
	}
	if title, _ := lookup(t, files, "year:2013"); len(title) != 2 {
		t.Errorf("the year filter term: %v", title)
	}
	if strings.Contains(files["search/d/0.json"], "Secret draft") || strings.Contains(files["search/meta.json"], `"count":3`) {
		t.Errorf("a draft is in the index")
	}
	if !strings.Contains(files["search/d/0.json"], `["Brent rises","/bericht-2/brent-rises.html","2013-03-03",0,"","Oil prices rose in Wien."]`) {
		t.Errorf("documents: %s", files["search/d/0.json"])
	}
}

func TestPostingsAreBounded(t *testing.T) {
	var arts []*article.Article
	for n := 1; n <= MaxPostings+300; n++ {
		arts = append(arts, story(n, fmt.Sprintf("Story %d", n), "World", "Common words here.", false))
	}
	files := index(t, arts)
	// The newest MaxPostings stories are kept: ids 300 and up.
	if _, other := lookup(t, files, "common"); len(other) != MaxPostings || other[0] != 300 || other[len(other)-1] != MaxPostings+299 {
		t.Errorf("a common term lists %d stories (%d to %d), want %d (300 to %d)", len(other), other[0], other[len(other)-1], MaxPostings, MaxPostings+299)
	}
	for p, data := range files {
		if len(data) > 200<<10 {
			t.Errorf("%s is %d bytes", p, len(data))
		}
	}
}

// TestNewStoryLeavesTheIndex: a story newer than all others takes the next
// id: only meta.json, the last chunk and the shards of its terms change.
func TestNewStoryLeavesTheIndex(t *testing.T) {
	var arts []*article.Article
	for n := 1; n <= 60; n++ {
		arts = append(arts, story(n, fmt.Sprintf("Story %d about markets", n), "World", "Common words here.", false))
	}
	before := index(t, arts)
	newest := story(61, "Zeppelin lands", "World", "Common words here.", false)
	newest.Date = time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	after := index(t, append(arts, newest))
	var m meta
	json.Unmarshal([]byte(after["search/meta.json"]), &m)
	want := map[string]bool{"search/meta.json": true, "search/d/2.json": true}
	for _, term := range append(Terms("Zeppelin lands Common words here. World"), "beat:world", "year:2014") {
		want[fmt.Sprintf("search/t/%d.json", Bucket(term, m.Shards))] = true
	}
	for p, data := range after {
		if changed := before[p] != data; changed != want[p] {
			t.Errorf("%s changed: %v, want %v", p, changed, want[p])
		}
	}
	if title, _ := lookup(t, after, "zeppelin"); fmt.Sprint(title) != "[60]" {
		t.Errorf("zeppelin: %v, want the next id, 60", title)
	}
}

// TestIndexOnAllCores: the index is built in runs of stories on all cores
// and joined; it must be the one a single core builds, postings bound and
// all.
func TestIndexOnAllCores(t *testing.T) {
	var arts []*article.Article
	words := strings.Fields("oil Öl markets Märkte election Wahl München Muenchen strike common")
	for n := 1; n <= MaxPostings+1200; n++ {
		arts = append(arts, story(n, fmt.Sprintf("Story %d %s", n, words[n%len(words)]), []string{"World", "Wirtschaft"}[n%2],
			fmt.Sprintf("Common %s and %s.", words[n%7], words[n%5]), false))
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := index(t, arts)
	runtime.GOMAXPROCS(4)
	four := index(t, arts)
	if len(one) != len(four) {
		t.Fatalf("%d files on one core, %d on four", len(one), len(four))
	}
	for p, data := range one {
		if four[p] != data {
			t.Errorf("%s differs between one core and four", p)
		}
	}
	if _, other := lookup(t, four, "common"); len(other) != MaxPostings {
		t.Errorf("common: %d postings, want %d", len(other), MaxPostings)
	}
}
