// Package build runs dateline's stages: config, articles, archive, static
// files, then the pages, and feeds, sitemaps and the search index after them
// (or beside them, in a build that keeps most pages from the last one). It
// is the one function behind the build, check and serve commands.
//
// Input is an archive folder as an fs.FS (config.toml, content/, and
// optionally templates/ and static/, which override the default theme file
// by file); output is pages passed to a function, so that the caller decides
// where they go (the output folder, memory, nowhere). Build reads only the
// files it needs and keeps only the stories' metadata in memory: a story's
// body is read again when its page is rendered.
package build

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/config"
	"dateline/generator/render"
	"dateline/generator/search"
	"dateline/generator/syndicate"
)

// Options configures a build.
type Options struct {
	Site      fs.FS  // the archive folder
	Templates fs.FS  // the default theme's templates
	Static    fs.FS  // the default theme's static files
	BaseURL   string // overrides config.toml's baseURL when set
	Drafts    bool   // build stories marked draft
	// Now is the build's "now" for embargoes and the news sitemap; zero
	// means the clock at each build.
	Now time.Time
	// Inject is HTML inserted before </body> of every page (serve's script).
	Inject string
	// Progress, when set, counts the work as it is done, for a progress line.
	Progress *Progress
	// KeepGoing builds every story that can be built when others cannot:
	// the broken ones are left out (and reported), not the whole build.
	KeepGoing bool
	// Published is the output folder, when the build writes to one: an
	// incremental build copies what it keeps of a rewritten file from it
	// (see syndicate.Options.Published).
	Published fs.FS
}

// Progress counts a build's work while it runs.
type Progress struct {
	Parsed atomic.Int64 // story files parsed
	Pages  atomic.Int64 // pages emitted (rendered or kept)
}

// Result is what a build found.
type Result struct {
	Stories     int                  // stories published
	Diagnostics []article.Diagnostic // errors and warnings, sorted by path and line
	Rendered    int                  // pages rendered; the others were kept from the last build
	BaseURL     string               // the absolute URL of the archive's root, as published
	NextEmbargo time.Time            // when the next story on embargo is due; zero for none
	// Until is when the output changes by the clock alone (NextEmbargo, or
	// a story leaving the news sitemap); zero for never.
	Until time.Time
	// Ledger is permalinks.txt after this build; nil with the ledger off,
	// or when the file read at the start already says it.
	Ledger []byte
}

// Failed reports whether any diagnostic is an error.
func (r *Result) Failed() bool {
	return slices.ContainsFunc(r.Diagnostics, func(d article.Diagnostic) bool { return !d.Warning })
}

// Build runs every stage once and passes each page to emit, which must be
// safe for concurrent use and must copy the Data it keeps. When the
// config, a story or a template is wrong, the result lists every problem
// and Failed reports true; the pages emitted must then be discarded. The
// error is emit's.
func Build(opt Options, emit func(render.Page) error) (*Result, error) {
	return NewBuilder(opt).Build(Changes{All: true}, emit)
}

// Builder builds one archive again and again: it parses only the story
// files that changed and renders only the pages a change touches (see
// incremental.go); every other page is emitted with Keep. After any
// sequence of changes, the pages it gives are those a fresh Build gives.
type Builder struct {
	opt Options
	// The story files the last build listed, sorted by path, and the last
	// parse of each: order[i]'s is parses[i]. (Two lists, not a map: a
	// build from the cache walks them beside the files it lists, and
	// writes them in that order.)
	order  []string
	parses []*parsed
	last   *snapshot // the last successful build; nil before the first
	// statFiles makes every build check each story file's size and
	// modification time against its last parse: set when the parses come
	// from the persistent cache rather than from this process.
	statFiles bool
	read      *readParses   // the parses as LoadCache read them, for WriteCache
	reparsed  int           // story files the last build parsed
	listing   []contentFile // content/ as Inputs found it, for the next build
	changed   *changeHook   // for the next Inputs (see OnChange)
	began     time.Time     // when the last build began
}

// Reparsed returns how many story files the last build parsed (rather than
// took from the cache).
func (b *Builder) Reparsed() int { return b.reparsed }

// NewBuilder returns a Builder that has built nothing yet.
func NewBuilder(opt Options) *Builder {
	return &Builder{opt: opt}
}

// Build builds after ch. The first build, and any with ch.All, parses and
// renders everything. A failed build changes nothing the next build
// compares against: the last good output stays the reference.
func (b *Builder) Build(ch Changes, emit func(render.Page) error) (*Result, error) {
	opt := b.opt
	res := &Result{}
	b.began = time.Now()
	// 1. config.toml
	cfgData, cfg, err := loadConfig(opt)
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, configDiag(err))
		return res, nil
	}
	if ch.All {
		b.order, b.parses = nil, nil
	}
	// 2. every story file, those not parsed before on all cores, and
	// beside them the ledger of permalinks
	var (
		ledgerData    []byte
		ledgerEntries []archive.LedgerEntry
		ledgerDiags   []article.Diagnostic
		ledgerRead    sync.WaitGroup
	)
	if cfg.Permalinks.Ledger {
		ledgerRead.Go(func() { ledgerData, ledgerEntries, ledgerDiags = readLedger(opt.Site) })
	}
	defer ledgerRead.Wait()
	articles, parses, diags := b.readArticles(cfg, ch.Content)
	res.Diagnostics = diags
	// 3. stories on embargo wait: not a trace of them before their time
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	articles, res.NextEmbargo = embargoed(articles, now)
	// 4. the archive model: ids, permalinks, beats, dates, collisions, and
	// the ledger of permalinks that must keep answering
	arch, diags := archive.New(cfg, articles)
	res.Diagnostics = append(res.Diagnostics, diags...)
	if arch == nil && opt.KeepGoing {
		// Leave out the stories the archive cannot place, and go on.
		bad := map[string]bool{}
		for _, d := range diags {
			bad[d.Path] = true
		}
		articles = slices.DeleteFunc(articles, func(a *article.Article) bool { return bad[a.Path] })
		arch, _ = archive.New(cfg, articles)
	}
	// The snapshot for the next build: a build that may keep pages of the
	// last one compares it with the last snapshot before it renders, and
	// takes it while the ledger is checked; a build that renders every
	// page takes it at the end, so that its megabytes are not held through
	// the render.
	tmpl := overlay{sub(opt.Site, "templates"), opt.Templates}
	var next *snapshot
	snap := func() {
		next = takeSnapshot(siteFingerprint(cfgData, opt, arch), templateSums(tmpl), arch, parses, cfg.Location, cfg.Paginate)
	}
	var snapping sync.WaitGroup
	early := b.last != nil && !ch.All
	if arch != nil && (!res.Failed() || opt.KeepGoing) && early {
		snapping.Go(snap)
	}
	ledger := arch != nil && cfg.Permalinks.Ledger && !res.Failed()
	if ledger {
		// (With a story that does not parse, its permalink is missing for
		// that reason: the parse error says all there is to say.)
		ledgerRead.Wait()
		res.Diagnostics = append(res.Diagnostics, ledgerDiags...)
		res.Diagnostics = append(res.Diagnostics, arch.CheckLedger(ledgerEntries)...)
		// A ledger that already says what the build would write is not
		// made again.
		ledger = !arch.LedgerHolds(ledgerData, ledgerEntries)
	}
	snapping.Wait()
	if arch == nil || res.Failed() && !opt.KeepGoing {
		sortDiags(res.Diagnostics)
		return res, nil
	}
	res.Stories = len(arch.Stories)
	res.Until = res.NextEmbargo
	if t := syndicate.NewsExpiry(arch, now); !t.IsZero() && (res.Until.IsZero() || t.Before(res.Until)) {
		res.Until = t
	}
	res.BaseURL = cfg.Base.String()
	// 5. static files, the archive's over the theme's
	if err := copyStatic(overlay{sub(opt.Site, "static"), opt.Static}, emit); err != nil {
		return res, err
	}
	// What the change touches
	if ch.All {
		b.last = nil
	}
	skip := plan(b.last, next)
	md := render.NewMarkdown()
	body := func(s *archive.Story, use func([]byte) error) error { return readBody(opt.Site, cfg, s.Path, use) }
	var rendered atomic.Int64
	var listMu sync.Mutex
	var lists []string
	counted := func(p render.Page) error {
		if !p.Keep {
			rendered.Add(1)
		}
		if opt.Progress != nil {
			opt.Progress.Pages.Add(1)
		}
		if p.Kind == render.List && p.Path != "404.html" {
			listMu.Lock()
			lists = append(lists, "/"+strings.TrimSuffix(p.Path, "index.html"))
			listMu.Unlock()
		}
		return emit(p)
	}
	// 6. the pages, and 7. feeds, sitemaps, redirects, oEmbed, ninjs and
	// beside them 8. the search index. In a build that keeps pages from the
	// last one, a second of work on the whole archive and a few pages, 7.
	// and 8. run beside the render, and their steps that take something
	// from it (the list pages for the sitemap, the stories' HTML for ninjs)
	// wait for it; a build that renders everything keeps the cores and its
	// memory for the render, and runs them after. A build whose render
	// fails publishes nothing: the steps' work is dropped, and their errors
	// with it (beside the render, the steps run to their end first).
	done := make(chan struct{})
	synOpt := syndicate.Options{Config: cfg, Now: now, Markdown: md, Body: body, Skip: skip, Published: opt.Published,
		Rendered: done, ListPages: func() []string {
			listMu.Lock()
			defer listMu.Unlock()
			return slices.Sorted(slices.Values(lists))
		}}
	synOpt.Ninjs = syndicate.NewNinjs(arch, synOpt, counted)
	var synErr, searchErr error
	var syndicating sync.WaitGroup
	syndicateAll := func() {
		syndicating.Go(func() { synErr = syndicate.Syndicate(arch, synOpt, counted) })
		syndicating.Go(func() { searchErr = b.searchIndex(arch, cfg, next, counted) })
	}
	if skip != nil {
		syndicateAll()
	}
	diags, err = render.Render(arch, render.Options{
		Config: cfg, Templates: tmpl, Body: body, Inject: opt.Inject, Skip: skip, Markdown: md,
		StoryHTML: synOpt.Ninjs.Story,
	}, counted)
	close(done)
	res.Diagnostics = append(res.Diagnostics, diags...)
	publish := err == nil && (!res.Failed() || opt.KeepGoing)
	if skip == nil && publish {
		syndicateAll()
	}
	syndicating.Wait()
	if publish {
		err = cmp.Or(synErr, searchErr)
	}
	res.Rendered = int(rendered.Load())
	if ledger {
		// Made last, so that its megabytes are not held through the render.
		res.Ledger = arch.Ledger()
	}
	sortDiags(res.Diagnostics)
	if err == nil && !res.Failed() {
		if !early {
			snap()
		}
		b.last = next
	}
	return res, err
}

// searchIndex emits the search index, or keeps the last one when no story
// changed what it holds.
func (b *Builder) searchIndex(arch *archive.Archive, cfg *config.Config, next *snapshot, emit func(render.Page) error) error {
	if !searchUnchanged(b.last, next) {
		return search.Index(arch, cfg.Base.EscapedPath(), cfg.Location, emit)
	}
	for _, f := range search.Files(len(search.Docs(arch))) {
		if err := emit(render.Page{Path: f, Kind: render.Feed, Keep: true}); err != nil {
			return err
		}
	}
	return nil
}

// loadConfig reads config.toml and applies the base URL override.
func loadConfig(opt Options) ([]byte, *config.Config, error) {
	data, err := fs.ReadFile(opt.Site, "config.toml")
	if err != nil {
		return nil, nil, fmt.Errorf("config.toml:1: cannot read the archive's config.toml: %w", errors.Unwrap(err))
	}
	cfg, err := config.Parse(data)
	if err != nil {
		return nil, nil, err
	}
	// Names shown inline on every page lose bidi controls, as stories' do.
	for _, f := range []*string{&cfg.Title, &cfg.Agency.Name, &cfg.Agency.Copyright} {
		*f = article.StripBidi(*f)
	}
	for i := range cfg.Beats {
		cfg.Beats[i].Name, cfg.Beats[i].Description = article.StripBidi(cfg.Beats[i].Name), article.StripBidi(cfg.Beats[i].Description)
	}
	if opt.BaseURL != "" {
		cfg.BaseURL = opt.BaseURL
		if err := cfg.SetBase(); err != nil {
			return nil, nil, &config.Error{Line: 1, Key: "--base-url", Msg: err.Error()}
		}
	}
	return data, cfg, nil
}

func configDiag(err error) article.Diagnostic {
	var ce *config.Error
	if errors.As(err, &ce) {
		msg := ce.Msg
		if ce.Key != "" {
			msg = ce.Key + ": " + msg
		}
		return article.Diagnostic{Path: "config.toml", Line: ce.Line, Msg: msg}
	}
	msg := strings.TrimPrefix(err.Error(), "config.toml:1: ")
	return article.Diagnostic{Path: "config.toml", Line: 1, Msg: msg}
}

func parseOptions(cfg *config.Config) article.Options {
	return article.Options{Location: cfg.Location, Boilerplate: cfg.Wire.Boilerplate}
}

// readArticles parses the story files under content/ that were not parsed
// before or are named in changed, on all cores, and returns the articles
// (bodies dropped; drafts left out unless Options.Drafts) with their
// parses, and every file's diagnostics, in path order.
func (b *Builder) readArticles(cfg *config.Config, changed []string) ([]*article.Article, []*parsed, []article.Diagnostic) {
	files, err := b.listing, error(nil)
	b.listing = nil
	if files == nil {
		files, err = contentFiles(b.opt.Site, b.statFiles, nil)
	}
	if err != nil {
		return nil, nil, []article.Diagnostic{{Path: "content", Line: 1, Msg: "cannot read the content folder: " + err.Error()}}
	}
	reparse := make(map[string]bool, len(changed))
	for _, p := range changed {
		reparse[p] = true
	}
	// Each file's last parse, or nil for a file to parse: the files listed
	// and the last build's, both in path order, side by side.
	of := make([]*parsed, len(files))
	var todo []int
	j := 0 // in b.order
	for i, f := range files {
		for j < len(b.order) && b.order[j] < f.path {
			j++
		}
		var old *parsed
		if j < len(b.order) && b.order[j] == f.path {
			old = b.parses[j]
			j++
		}
		if old == nil || reparse[f.path] || b.statFiles && (old.size != f.size || old.mtime != f.mtime) {
			todo = append(todo, i)
			continue
		}
		of[i] = old
	}
	opt := parseOptions(cfg)
	b.reparsed = len(todo)
	onAllCores(len(todo), func(j int) {
		f := files[todo[j]]
		p := parseFile(b.opt.Site, f.path, opt)
		p.size, p.mtime = f.size, f.mtime
		of[todo[j]] = p
		if b.opt.Progress != nil {
			b.opt.Progress.Parsed.Add(1)
		}
	})
	b.parses = of
	b.order = make([]string, len(files))
	for i, f := range files {
		b.order[i] = f.path
		if a := of[i].a; a != nil {
			b.order[i] = a.Path // the string the parse holds, not the listing's
		}
	}
	var articles []*article.Article
	var parses []*parsed
	var diags []article.Diagnostic
	for _, f := range of {
		diags = append(diags, f.diags...)
		if f.a != nil && (b.opt.Drafts || !f.a.Draft) {
			articles = append(articles, f.a)
			parses = append(parses, f)
		}
	}
	return articles, parses, diags
}

// embargoed splits off the stories whose embargo or date is after now, and
// returns the others with the moment the first of those is due.
func embargoed(articles []*article.Article, now time.Time) ([]*article.Article, time.Time) {
	var out []*article.Article
	var next time.Time
	for _, a := range articles {
		due := a.Date
		if e := a.Embargo(); e.After(due) {
			due = e
		}
		if !due.After(now) {
			out = append(out, a)
			continue
		}
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	return out, next
}

// readLedger reads the archive's SITE/permalinks.txt, when there is one,
// and its entries.
func readLedger(site fs.FS) ([]byte, []archive.LedgerEntry, []article.Diagnostic) {
	data, err := fs.ReadFile(site, archive.LedgerFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, []article.Diagnostic{{Path: archive.LedgerFile, Line: 1, Msg: "cannot read the ledger: " + err.Error()}}
	}
	entries, ds := archive.ParseLedger(data)
	return data, entries, ds
}

// copyStatic emits every static file as an asset page.
func copyStatic(fsys fs.FS, emit func(render.Page) error) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path.Base(p), ".") || path.Ext(p) == ".go" {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return emit(render.Page{Path: p, Data: data, Kind: render.Asset})
	})
}

func sortDiags(ds []article.Diagnostic) {
	slices.SortStableFunc(ds, func(a, b article.Diagnostic) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), strings.Compare(a.Msg, b.Msg))
	})
}
