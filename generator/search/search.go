// Package search builds the archive's static full-text index: files that a
// small script in the reader's browser queries, with no search server.
//
// What is indexed, per published story (never a draft, a withdrawn story or
// one on embargo): the title, the byline, the place, the beat and the lead
// paragraph (the story's summary). Text is folded (article.Fold) and stemmed (Stem)
// the same way on both sides, so "Aussenminister" finds "Außenminister",
// "Muenchen" finds "München" and "elections" finds "election".
//
// Files, under search/ in the output:
//
//	meta.json          shards and chunk sizes, the beats and years for the filters
//	t/N.json           the terms whose Bucket is N: term -> [title doc ids, other doc ids],
//	                   each list ascending and delta-coded; "beat:SLUG" and "year:YYYY"
//	                   are terms too, for the filters
//	d/N.json           documents N*25 to N*25+24: [title, path, date, beat, byline, lead]
//
// Doc ids number the stories oldest first, so a higher id is a newer story,
// and a new story (the newest, as a rule) takes the next id and leaves every
// other id, chunk and shard as it was: a build that adds one story rewrites
// the shards of its terms, the last chunk and meta.json, not the index.
// A query downloads meta.json, one shard per term and the chunks of the
// results it shows. A term's matches outside titles are kept for its newest
// MaxPostings stories, which bounds every shard at any archive size.
package search

import (
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"dateline/generator/archive"
	"dateline/generator/render"
)

// ChunkSize is the number of documents in a d/N.json file: small, because
// the first results of a query are spread over many chunks (title hits
// first, then the newest), and a reader fetches every chunk they touch.
const ChunkSize = 25

// leadRunes bounds the lead stored for a result's snippet.
const leadRunes = 200

// MaxPostings bounds a term's matches outside titles.
const MaxPostings = 5000

// Shards returns the number of term shards for n stories: about 50 stories
// a shard, a power of two from 16 to 4096.
func Shards(n int) int {
	s := 16
	for s < 4096 && s*50 < n {
		s *= 2
	}
	return s
}

type meta struct {
	Version int         `json:"version"`
	Shards  int         `json:"shards"`
	Chunk   int         `json:"chunk"`
	Count   int         `json:"count"`
	Beats   [][2]string `json:"beats"` // name, slug
	Years   []int       `json:"years"`
}

type postings struct {
	title, other []int
}

// termIndex indexes docs on all cores, each worker a run of them, and joins
// the runs in order: the postings are the same whatever the scheduling,
// newest (highest id) first.
func termIndex(docs []*archive.Story, loc *time.Location) map[string]*postings {
	runs := make([]map[string]*postings, min(runtime.GOMAXPROCS(0), max(1, len(docs)/1000)))
	var wg sync.WaitGroup
	for w := range runs {
		wg.Go(func() {
			from, to := w*len(docs)/len(runs), (w+1)*len(docs)/len(runs)
			runs[w] = indexRun(docs, from, to, loc)
		})
	}
	wg.Wait()
	index := runs[0]
	for _, run := range runs[1:] {
		for t, p := range run {
			q := index[t]
			if q == nil {
				index[t] = p
				continue
			}
			q.title = append(q.title, p.title...)
			q.other = append(q.other, p.other[:min(len(p.other), MaxPostings-len(q.other))]...)
		}
	}
	return index
}

// indexRun indexes docs[from:to]; doc i has the id len(docs)-1-i.
func indexRun(docs []*archive.Story, from, to int, loc *time.Location) map[string]*postings {
	index := map[string]*postings{}
	add := func(term string, id int, title bool) {
		p := index[term]
		if p == nil {
			term = strings.Clone(term) // not the whole folded text it is a piece of
			p = &postings{}
			index[term] = p
		}
		if title {
			p.title = append(p.title, id)
		} else if len(p.other) < MaxPostings {
			p.other = append(p.other, id)
		}
	}
	seen := map[string]bool{}
	var terms []string
	for i := from; i < to; i++ {
		s, id := docs[i], len(docs)-1-i
		clear(seen)
		terms = appendTerms(terms[:0], s.Title, seen)
		for _, t := range terms {
			add(t, id, true)
		}
		n := len(terms)
		for _, text := range []string{s.Byline, s.Place, s.Beat.Name, s.Summary} {
			terms = appendTerms(terms, text, seen)
		}
		for _, t := range terms[n:] {
			add(t, id, false)
		}
		add("beat:"+s.Beat.Slug, id, true)
		add("year:"+strconv.Itoa(s.Date.In(loc).Year()), id, true)
	}
	return index
}

// Files lists the files Index writes for n stories (drafts not counted).
func Files(n int) []string {
	files := []string{"search/meta.json"}
	for i := range Shards(n) {
		files = append(files, fmt.Sprintf("search/t/%d.json", i))
	}
	for c := 0; c*ChunkSize < n; c++ {
		files = append(files, fmt.Sprintf("search/d/%d.json", c))
	}
	return files
}

// Docs returns the stories of a that are searchable, newest first: all
// but drafts.
func Docs(a *archive.Archive) []*archive.Story {
	var docs []*archive.Story
	for _, s := range a.Stories {
		if !s.Draft {
			docs = append(docs, s)
		}
	}
	return docs
}

// Index emits the search files for the stories of a. base is the path of
// the archive's root ("/" or "/news/"), for the documents' links; loc is
// the archive's time zone, for the years.
func Index(a *archive.Archive, base string, loc *time.Location, emit func(render.Page) error) error {
	docs := Docs(a)
	shards := Shards(len(docs))
	m := meta{Version: 1, Shards: shards, Chunk: ChunkSize, Count: len(docs), Beats: [][2]string{}, Years: []int{}}
	beats := map[*archive.Beat]int{}
	for _, b := range a.Beats {
		beats[b] = len(m.Beats)
		m.Beats = append(m.Beats, [2]string{b.Name, b.Slug})
	}
	for _, y := range a.Years {
		m.Years = append(m.Years, y.Year)
	}
	index := termIndex(docs, loc)
	if err := writeJSON(emit, "search/meta.json", m); err != nil {
		return err
	}
	// Terms into shards, each shard's terms sorted for stable bytes.
	byShard := make([][]string, shards)
	for t := range index {
		b := Bucket(t, shards)
		byShard[b] = append(byShard[b], t)
	}
	for n, terms := range byShard {
		slices.Sort(terms)
		shard := make(map[string][2][]int, len(terms))
		for _, t := range terms {
			p := index[t]
			slices.Reverse(p.title)
			slices.Reverse(p.other)
			shard[t] = [2][]int{deltas(p.title), deltas(p.other)}
		}
		if err := writeJSON(emit, fmt.Sprintf("search/t/%d.json", n), shard); err != nil {
			return err
		}
	}
	for c := 0; c*ChunkSize < len(docs); c++ {
		var chunk [][]any
		for id := c * ChunkSize; id < min(len(docs), (c+1)*ChunkSize); id++ {
			s := docs[len(docs)-1-id]
			chunk = append(chunk, []any{s.Title, base + s.Permalink[1:], s.Date.In(loc).Format("2006-01-02"), beats[s.Beat], s.Byline, short(s.Summary)})
		}
		if err := writeJSON(emit, fmt.Sprintf("search/d/%d.json", c), chunk); err != nil {
			return err
		}
	}
	return nil
}

// deltas codes an ascending list as its first value and the differences.
func deltas(ids []int) []int {
	out := make([]int, len(ids))
	prev := 0
	for i, id := range ids {
		out[i], prev = id-prev, id
	}
	return out
}

func writeJSON(emit func(render.Page) error, path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return emit(render.Page{Path: path, Data: data, Kind: render.Feed})
}

// short cuts a lead to leadRunes at a word boundary.
func short(s string) string {
	n := 0
	for i := range s {
		if n == leadRunes {
			cut := s[:i]
			if j := strings.LastIndexByte(cut, ' '); j > leadRunes/2 {
				cut = cut[:j]
			}
			return cut + " …"
		}
		n++
	}
	return s
}
