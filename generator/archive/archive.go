// Package archive turns all parsed articles into the Archive model: stories
// with their ids, slugs and permalinks resolved, sorted newest first, and
// grouped by beat and by year, month and day.
//
// It checks what only the whole archive can show: two stories with one id
// or one permalink (a diagnostic for each file, naming the other), and a
// permalink or beat slug that would land on a path dateline reserves for its
// own pages. It reads no files and writes no HTML.
//
// The rules (DESIGN.md, "Ids, slugs, permalinks"):
//
//   - Permalink: the path of the wire URL or front matter url, relative to
//     the path of baseURL; else the [permalinks] article pattern.
//   - Id: from the permalink when it matches the pattern, else front matter
//     id, else the next number above the largest id, in the order of the
//     files' paths.
//   - Slug: from the permalink when it matches the pattern, else front matter
//     slug, else the title, slugified.
package archive

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"dateline/generator/article"
	"dateline/generator/config"
)

// Archive is every published story, ordered and grouped.
type Archive struct {
	Stories []*Story // newest first; ties by path
	Beats   []*Beat  // configured beats in config order, then the others by name
	Years   []*Year  // newest first
	// Withdrawn are the stories whose permalink shows a withdrawal notice;
	// they are in no list, feed or sitemap. Newest first.
	Withdrawn []*Story
	// Aliases are the old paths that redirect to a story, sorted by path.
	Aliases []*Alias
	// All is every story, withdrawn ones too, by the path of its file.
	All []*Story
}

// Alias is an old path of a story.
type Alias struct {
	Path  string // as a permalink: relative to baseURL's path, starting with "/"
	File  string // the redirect page's output file
	Story *Story
	Auto  bool // made by the ledger when the story's permalink changed
}

// Story is an article placed in the archive.
type Story struct {
	*article.Article
	ID        int
	Slug      string
	Permalink string // the path relative to baseURL's path, starting with "/", escapes kept
	File      string // the output file, slash-separated, no leading "/"
	Beat      *Beat
	Older     *Story // the previous story in its beat; nil for the first
	Newer     *Story // the next story in its beat; nil for the latest
}

// Beat is a section of the archive.
type Beat struct {
	Name        string
	Slug        string
	Description string
	Stories     []*Story // newest first
}

// Year, Month and Day group stories by their date in the archive's time zone.
type Year struct {
	Year    int
	Months  []*Month // newest first
	Stories []*Story // newest first
}

type Month struct {
	Year    int
	Month   time.Month
	Days    []*Day
	Stories []*Story
}

type Day struct {
	Date    time.Time // midnight, in the archive's time zone
	Stories []*Story
}

// Reserved lists the top-level path segments and files that belong to
// dateline's own pages, feeds and sitemaps.
var Reserved = []string{
	"archive", "beats", "imprint", "search", "embed", "oembed", "ninjs", "page",
	"index.html", "404.html", "feed.xml", "atom.xml", "feed.json", "sitemap.xml",
	"news-sitemap.xml", "robots.txt", "css", "js", "img", "_redirects", "nginx-redirects.conf",
}

// RootFiles are other files dateline writes at the top of the output.
var RootFiles = []string{"_redirects", "nginx-redirects.conf"}

// BeatFiles are the files dateline writes in every beat's folder.
var BeatFiles = []string{"feed.xml", "atom.xml", "feed.json"}

// New builds the archive from articles (in any order; drafts already
// removed by the caller). It returns nil and the diagnostics when any story
// cannot be placed.
func New(cfg *config.Config, articles []*article.Article) (*Archive, []article.Diagnostic) {
	sorted := slices.Clone(articles)
	slices.SortFunc(sorted, func(a, b *article.Article) int { return strings.Compare(a.Path, b.Path) })
	r := newResolver(cfg)
	beats, ds := r.beats(sorted)
	r.diags = ds
	stories := r.stories(sorted, beats)
	byFile := r.checkCollisions(stories, beats)
	if len(r.diags) > 0 {
		slices.SortFunc(r.diags, compareDiag)
		return nil, r.diags
	}
	a := &Archive{All: slices.Clone(stories)}
	slices.SortFunc(stories, func(a, b *Story) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	for _, s := range stories {
		if s.Withdrawn() != "" {
			a.Withdrawn = append(a.Withdrawn, s)
			continue
		}
		a.Stories = append(a.Stories, s)
		s.Beat.Stories = append(s.Beat.Stories, s)
	}
	a.Aliases = r.aliases(stories, beats, byFile)
	if len(r.diags) > 0 {
		slices.SortFunc(r.diags, compareDiag)
		return nil, r.diags
	}
	for _, b := range beats.list {
		if len(b.Stories) > 0 || beats.configured[b.Name] {
			a.Beats = append(a.Beats, b)
		}
	}
	for _, b := range a.Beats {
		for i, s := range b.Stories {
			if i > 0 {
				s.Newer = b.Stories[i-1]
			}
			if i+1 < len(b.Stories) {
				s.Older = b.Stories[i+1]
			}
		}
	}
	a.Years = group(a.Stories, cfg.Location)
	return a, nil
}

func compareDiag(a, b article.Diagnostic) int {
	return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), strings.Compare(a.Msg, b.Msg))
}

// group sorts stories (newest first) into years, months and days. Each
// one's stories are a run of stories, in place: a story's calendar day
// follows its instant, so the runs are unbroken, and a list of its own for
// every year, month and day would be three pointers more a story (with an
// append's room to grow). The runs' capacity ends where they do, so that
// an append copies rather than writes over the next run.
func group(stories []*Story, loc *time.Location) []*Year {
	var years []*Year
	var y *Year
	var m *Month
	var d *Day
	var y0, m0, d0 int // where the current year, month and day begin
	for i, s := range stories {
		t := s.Date.In(loc)
		if y == nil || y.Year != t.Year() {
			y, m, y0 = &Year{Year: t.Year()}, nil, i
			years = append(years, y)
		}
		if m == nil || m.Month != t.Month() {
			m, d, m0 = &Month{Year: t.Year(), Month: t.Month()}, nil, i
			y.Months = append(y.Months, m)
		}
		if d == nil || d.Date.Day() != t.Day() {
			d, d0 = &Day{Date: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)}, i
			m.Days = append(m.Days, d)
		}
		y.Stories, m.Stories, d.Stories = stories[y0:i+1:i+1], stories[m0:i+1:i+1], stories[d0:i+1:i+1]
	}
	return years
}

// beatSet is the beats by name.
type beatSet struct {
	list       []*Beat
	byName     map[string]*Beat // lower-cased name
	asNamed    map[string]*Beat // the names as the stories write them
	configured map[string]bool
}

// beats collects the configured beats, then those the stories name, and
// checks their slugs. A story's beat is asNamed[its Beat()] after.
func (r *resolver) beats(articles []*article.Article) (*beatSet, []article.Diagnostic) {
	set := &beatSet{byName: map[string]*Beat{}, asNamed: map[string]*Beat{}, configured: map[string]bool{}}
	for _, b := range r.cfg.Beats {
		nb := &Beat{Name: b.Name, Slug: cmp.Or(b.Slug, article.Slugify(b.Name)), Description: b.Description}
		set.list = append(set.list, nb)
		set.byName[strings.ToLower(b.Name)] = nb
		set.configured[b.Name] = true
	}
	firstUse := map[*Beat]*article.Article{}
	var extra []*Beat
	for _, a := range articles {
		if set.asNamed[a.Beat()] != nil {
			continue
		}
		// A name as written seen first: its beat's first use, unless the
		// beat was named otherwise before.
		key := strings.ToLower(a.Beat())
		b := set.byName[key]
		if b == nil {
			b = &Beat{Name: a.Beat(), Slug: article.Slugify(a.Beat())}
			set.byName[key] = b
			extra = append(extra, b)
		}
		set.asNamed[a.Beat()] = b
		if firstUse[b] == nil {
			firstUse[b] = a
		}
	}
	slices.SortFunc(extra, func(a, b *Beat) int { return strings.Compare(a.Name, b.Name) })
	set.list = append(set.list, extra...)
	var ds []article.Diagnostic
	bySlug := map[string]*Beat{}
	for _, b := range set.list {
		where := article.Diagnostic{Path: "config.toml", Line: 1}
		if a := firstUse[b]; a != nil && !set.configured[b.Name] {
			where = article.Diagnostic{Path: a.Path, Line: 1}
		}
		switch {
		case b.Slug == "":
			where.Msg = fmt.Sprintf("beat %q has no letters or digits for its URL; add it to config.toml as [[beats]] with a slug", b.Name)
		case slices.Contains(Reserved, b.Slug):
			where.Msg = fmt.Sprintf("beat %q would be published at /%s/, which dateline reserves; set slug = \"...\" for it under [[beats]] in config.toml", b.Name, b.Slug)
		case bySlug[b.Slug] != nil:
			where.Msg = fmt.Sprintf("beats %q and %q share the URL /%s/; give one a slug under [[beats]] in config.toml", bySlug[b.Slug].Name, b.Name, b.Slug)
		default:
			bySlug[b.Slug] = b
			continue
		}
		ds = append(ds, where)
	}
	return set, ds
}
