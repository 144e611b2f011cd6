// Package render turns the Archive into HTML pages with the theme's
// html/template files.
//
// Templates are Hugo-style: baseof.html defines the page and a "main" block;
// each page template (home, article, beat, beats, archive, imprint, 404)
// fills "main"; partials live in partials/. The template file system is the
// archive's templates/ laid over the default theme, file by file. Templates
// see the view types of views.go, never the model.
//
// Pages, with their output files:
//
//	home            index.html
//	article         the story's permalink (see archive.File)
//	beat            SLUG/index.html, SLUG/page/N/index.html
//	beats           beats/index.html
//	archive         archive/index.html, archive/YYYY/, archive/YYYY/MM/, archive/YYYY/MM/DD/
//	imprint         imprint/index.html, the legal text of config.toml in full
//	404             404.html
//
// Markdown is rendered by one goldmark instance per build; raw HTML in a
// story is shown as text. Stories render in parallel; a page's bytes never
// depend on the order. Render reads no files itself: story bodies come from
// Options.Body, so that only the stories being rendered are in memory.
package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/config"
)

// Kind orders pages for writing: assets first, then stories, then the pages
// that list them, then feeds and sitemaps, so that no link dangles at any
// moment of a build.
type Kind int

const (
	Asset Kind = iota
	Story
	List
	Feed
)

// Page is one output file.
type Page struct {
	Path string // slash-separated, relative to the output folder
	// Data is the file's bytes, valid until emit returns: the render uses
	// its buffers again, so an emit that keeps pages copies them.
	Data []byte
	Kind Kind
	// Keep means the page belongs to this build with the bytes the previous
	// build gave it: Options.Skip said it need not be rendered. Data is nil.
	Keep bool
	// Source is what the page was made from, for diagnostics: the story's
	// file for a story's pages, else the template ("templates/home.html").
	Source string
}

// Target names what a story, beat or date page shows, so that an
// incremental build can tell which pages a change touches.
type Target struct {
	Story *archive.Story // a story's page
	Beat  *archive.Beat  // the pages of a beat
	Year  int            // a date archive page (List): Year, Year+Month, or Year+Month+Day; a month's files: Year+Month
	Month int
	Day   int
	// Page is the number of one page of a beat (1 for the first); 0 means
	// everything of the beat (its feeds, with the stories' full text).
	Page int
	// List marks a list page (a beat's or a date's): it shows of its
	// stories only what a StoryLink holds, so that an edit of a body
	// beyond what lists show leaves it as it was.
	List bool
}

// Options configures a render.
type Options struct {
	Config    *config.Config
	Templates fs.FS
	// Body passes the Markdown body of a story to use and returns use's
	// error, or its own; the bytes are good only during the call.
	Body func(s *archive.Story, use func(body []byte) error) error
	// Inject, when set, is inserted before </body> of every HTML page (the
	// live-reload script of serve).
	Inject string
	// Markdown is the build's goldmark instance; NewMarkdown when nil.
	Markdown goldmark.Markdown
	// Skip, when set, is asked about every story, beat and date page (from
	// every core at once); when it says true, the page is emitted with Keep
	// instead of rendered. The home page, the lists of beats and years, the
	// imprint and the 404 page are always rendered.
	Skip func(Target) bool
	// StoryHTML, when set, is given the HTML of every story body the
	// render makes, from the goroutine that made it (for the ninjs files).
	StoryHTML func(*archive.Story, string) error
}

// renderer holds what one render shares between pages.
type renderer struct {
	cfg     *config.Config
	opt     Options
	md      goldmark.Markdown
	theme   *theme
	lang    *language
	site    *Site
	beats   map[*archive.Beat]*BeatView // without counts: story pages must not depend on them
	counted []*BeatView                 // with counts, for the lists of beats
	years   []*DateLink                 // the date tree with counts
	emit    func(Page) error
	// publisherJSON is publisher() as JSON, made once for every story's
	// JSON-LD.
	publisherJSON json.RawMessage

	mu    sync.Mutex
	diags []article.Diagnostic
	err   error
}

// Render renders every page of a and passes each to emit, which must be safe
// for concurrent use and must copy the Data it keeps. It returns the
// diagnostics of templates that do not parse or execute; the error is
// emit's.
func Render(a *archive.Archive, opt Options, emit func(Page) error) ([]article.Diagnostic, error) {
	if opt.Markdown == nil {
		opt.Markdown = NewMarkdown()
	}
	r := &renderer{cfg: opt.Config, opt: opt, md: opt.Markdown, emit: emit,
		beats: map[*archive.Beat]*BeatView{}}
	th, ds := loadTheme(opt.Templates, r.funcMap())
	if len(ds) > 0 {
		return ds, nil
	}
	lang, err := loadLanguage(opt.Templates, r.cfg.Language, r.cfg.Strings)
	if err != nil {
		return []article.Diagnostic{{Path: "config.toml", Line: 1, Msg: "language: " + err.Error()}}, nil
	}
	r.lang = lang
	r.theme = th
	if err := r.buildSite(a); err != nil {
		return []article.Diagnostic{{Path: "config.toml", Line: 1, Msg: "legal.footer: " + err.Error()}}, nil
	}
	jobs := make([]func(), 0, len(a.Stories)+len(a.Withdrawn)+len(a.Aliases))
	story, withdrawn := r.story, r.withdrawn // one method value each, not one per story
	for _, s := range a.Stories {
		jobs = append(jobs, r.storyJob(s, story))
	}
	for _, s := range a.Withdrawn {
		jobs = append(jobs, r.storyJob(s, withdrawn))
	}
	for _, al := range a.Aliases {
		jobs = append(jobs, func() { r.alias(al) })
	}
	jobs = append(jobs, r.listJobs(a)...)
	run(jobs)
	if r.err != nil {
		return nil, r.err
	}
	return collapse(r.diags), nil
}

// collapse reports a template error that many stories hit once, naming the
// first story and how many more there are.
func collapse(ds []article.Diagnostic) []article.Diagnostic {
	type key struct {
		path string
		line int
		msg  string
	}
	stories := map[key][]string{}
	var out []article.Diagnostic
	for _, d := range ds {
		msg, story, ok := strings.Cut(d.Msg, " (rendering ")
		if !ok {
			out = append(out, d)
			continue
		}
		k := key{d.Path, d.Line, msg}
		stories[k] = append(stories[k], strings.TrimSuffix(story, ")"))
	}
	for k, list := range stories {
		slices.Sort(list)
		msg := k.msg + " (rendering " + list[0]
		if len(list) > 1 {
			msg += fmt.Sprintf(" and %d more", len(list)-1)
		}
		out = append(out, article.Diagnostic{Path: k.path, Line: k.line, Msg: msg + ")"})
	}
	return out
}

// run runs jobs on every core, each core taking the next job not taken.
func run(jobs []func()) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(jobs); i = int(next.Add(1)) - 1 {
				// A job is let go once taken: the jobs of a large build
				// are megabytes the collector need not keep to the end.
				job := jobs[i]
				jobs[i] = nil
				job()
			}
		})
	}
	wg.Wait()
}

func (r *renderer) relURL(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	base := r.cfg.Base.EscapedPath()
	if base == "/" && strings.HasPrefix(p, "/") {
		return p // an archive at the root of its host: the path as it is, not a copy
	}
	return base + strings.TrimPrefix(p, "/")
}

func (r *renderer) absURL(rel string) string {
	if r.cfg.Base.Host == "" || strings.Contains(rel, "://") {
		return rel
	}
	return r.cfg.Base.Scheme + "://" + r.cfg.Base.Host + rel
}

// buildSite makes the Site view and the beat and year links every page shares.
func (r *renderer) buildSite(a *archive.Archive) error {
	footer, err := MarkdownHTML(r.md, []byte(r.cfg.Legal.Footer))
	if err != nil {
		return err
	}
	base := r.absURL(r.relURL("/"))
	r.site = &Site{Title: r.cfg.Title, BaseURL: base, LanguageCode: r.cfg.Language,
		Agency: r.cfg.Agency.Name, Copyright: r.cfg.Agency.Copyright, Footer: template.HTML(footer),
		Params: map[string]any{}}
	r.site.Feeds = r.feedLinks("/", r.cfg.Title)
	for _, b := range a.Beats {
		rel := r.relURL("/" + b.Slug + "/")
		bv := &BeatView{Name: b.Name, Slug: b.Slug, Description: b.Description,
			RelPermalink: rel, Permalink: r.absURL(rel), feeds: r.feedLinks("/"+b.Slug+"/", b.Name)}
		r.beats[b] = bv
		r.site.Beats = append(r.site.Beats, bv)
		counted := *bv
		counted.Count = len(b.Stories)
		r.counted = append(r.counted, &counted)
	}
	publisher, err := json.Marshal(r.publisher())
	if err != nil {
		return err
	}
	r.publisherJSON = publisher
	r.years = r.yearLinks(a)
	for _, y := range r.years {
		r.site.Years = append(r.site.Years, &DateLink{Title: y.Title, Date: y.Date, RelPermalink: y.RelPermalink})
	}
	return nil
}

// link makes a story's link for a list or a page. Links are made when a
// page needs them, not kept: at a million stories, keeping one per story
// would hold a gigabyte of copies of what the story already has.
func (r *renderer) link(s *archive.Story) *StoryLink {
	rel := r.relURL(s.Permalink)
	return &StoryLink{ID: s.ID, Title: s.Title, Summary: s.Summary, Byline: s.Byline,
		Date: s.Date.In(r.cfg.Location), RelPermalink: rel, Beat: r.beats[s.Beat], r: r}
}

// page returns a Page view with the fields every page has.
func (r *renderer) page(kind, title, rel string) *View {
	rel = r.relURL(rel)
	return &View{Kind: kind, Title: title, RelPermalink: rel, Permalink: r.absURL(rel),
		Site: r.site, Params: map[string]any{}}
}

// write executes a page template and emits the page.
func (r *renderer) write(tmpl string, p *View, file string, kind Kind, story string) {
	if p.OpenGraph == nil && p.Kind != "404" && p.Kind != "embed" {
		r.listMeta(p)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if d := r.theme.execute(buf, tmpl, p, story); d != nil {
		r.mu.Lock()
		r.diags = append(r.diags, *d)
		r.mu.Unlock()
		return
	}
	data := buf.Bytes()
	if r.opt.Inject != "" {
		data = inject(data, r.opt.Inject)
	}
	source := "templates/" + tmpl
	if story != "" && kind == Story {
		source = story
	}
	r.emitPage(Page{Path: file, Data: data, Kind: kind, Source: source})
}

// emitPage passes p to emit, unless the render has failed already. Pages
// are emitted outside the lock: writing them is most of a large build's
// time, and emit is safe for concurrent use.
func (r *renderer) emitPage(p Page) {
	r.mu.Lock()
	failed := r.err != nil
	r.mu.Unlock()
	if !failed {
		r.fail(r.emit(p))
	}
}

// fail records err, when it is the render's first.
func (r *renderer) fail(err error) {
	if err == nil {
		return
	}
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

// unless returns a job that runs job, or emits the page as kept when
// Options.Skip says so.
func (r *renderer) unless(t Target, file string, kind Kind, job func()) func() {
	return func() {
		if r.opt.Skip != nil && r.opt.Skip(t) {
			r.emitPage(Page{Path: file, Kind: kind, Keep: true})
			return
		}
		job()
	}
}

// storyJob is the job of a story's page, made by page, and its embed card:
// both are rendered, or both kept (Skip decides by the story).
func (r *renderer) storyJob(s *archive.Story, page func(*archive.Story)) func() {
	return func() {
		if r.opt.Skip != nil && r.opt.Skip(Target{Story: s}) {
			r.emitPage(Page{Path: s.File, Kind: Story, Keep: true})
			r.emitPage(Page{Path: embedFile(s.ID), Kind: Story, Keep: true})
			return
		}
		page(s)
		r.embedPage(s)
	}
}

// inject inserts html before the last </body>.
func inject(page []byte, html string) []byte {
	s := string(page)
	i := strings.LastIndex(s, "</body>")
	if i < 0 {
		return append(page, html...)
	}
	return []byte(s[:i] + html + s[i:])
}

// story renders one story's page.
func (r *renderer) story(s *archive.Story) {
	var content string
	err := r.opt.Body(s, func(body []byte) (err error) {
		content, err = MarkdownHTML(r.md, body)
		return err
	})
	if err != nil {
		r.mu.Lock()
		r.diags = append(r.diags, article.Diagnostic{Path: s.Path, Line: 1, Msg: fmt.Sprint(err)})
		r.mu.Unlock()
		return
	}
	l := r.link(s)
	p := r.page("article", s.Title, s.Permalink)
	p.ID, p.Date, p.Byline, p.Place, p.Beat = s.ID, l.Date, s.Byline, s.Place, l.Beat
	p.Content, p.Summary, p.Description = template.HTML(content), s.Summary, s.Summary
	if !s.Lastmod.IsZero() {
		p.Lastmod = s.Lastmod.In(r.cfg.Location)
	}
	p.Draft, p.Noindex = s.Draft, s.Draft
	if s.Correction() != "" {
		p.Correction, p.CorrectionDate = s.Correction(), p.Date
		if !p.Lastmod.IsZero() {
			p.CorrectionDate = p.Lastmod
		}
	}
	if s.Older != nil {
		p.Older = r.link(s.Older)
	}
	if s.Newer != nil {
		p.Newer = r.link(s.Newer)
	}
	p.Breadcrumbs = []*Link{r.homeLink(), {Title: l.Beat.Name, RelPermalink: l.Beat.RelPermalink}}
	r.storyMeta(p, s)
	r.write("article.html", p, s.File, Story, s.Path)
	if r.opt.StoryHTML != nil {
		r.fail(r.opt.StoryHTML(s, content))
	}
}
