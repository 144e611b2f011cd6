// Package syndicate writes what machines read from the archive: feeds,
// sitemaps, the news sitemap, robots.txt, oEmbed responses and IPTC ninjs.
//
// Files, with the archive's base URL in front:
//
//	feed.xml, atom.xml, feed.json              RSS 2.0, Atom 1.0, JSON Feed 1.1: the latest
//	BEAT/feed.xml, BEAT/atom.xml, BEAT/feed.json   [feeds] items stories, with full content
//	sitemap.xml                                a sitemap index of the files below
//	sitemap-YYYY-MM.xml                        the stories of one month (-2, -3, ... past 50,000 URLs or 50 MiB)
//	sitemap-pages.xml                          the list pages (-2, ... likewise)
//	news-sitemap.xml                           Google News: stories of the 2 days before now, at most 1,000
//	robots.txt                                 names both sitemaps
//	_redirects, nginx-redirects.conf           301s from the stories' aliases, for static hosts and nginx
//	oembed/ID.json                             an oEmbed "rich" response: the embed card in an iframe
//	ninjs/YYYY-MM.jsonl, ninjs/index.json      IPTC ninjs 2.1, one object per line, one file a month
//
// Ids are permalinks. A feed entry's updated/date_modified is the story's
// lastmod. Nothing depends on the order of work: feeds and sitemaps are
// sorted like the archive (newest first), and no output carries the build's
// own time except through --now (the news sitemap's window).
package syndicate

import (
	"cmp"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"

	"dateline/generator/archive"
	"dateline/generator/config"
	"dateline/generator/render"
)

// Options configures Syndicate.
type Options struct {
	Config *config.Config
	Now    time.Time
	// Markdown is the build's goldmark instance; render.NewMarkdown when nil.
	Markdown goldmark.Markdown
	// Body passes the Markdown body of a story to use and returns use's
	// error, or its own; the bytes are good only during the call.
	Body func(s *archive.Story, use func(body []byte) error) error
	// ListPages returns the paths of the list pages relative to the
	// archive's root, like permalinks ("/", "/economy/"), for the pages
	// sitemap; nil for none. It is called once Rendered is closed.
	ListPages func() []string
	// Rendered, when set, is closed once the render has handed in what the
	// steps below take from it (ListPages, the stories' HTML for Ninjs):
	// Syndicate can then run beside the render, those steps waiting for it.
	Rendered <-chan struct{}
	// Skip, as in render.Options: a month's sitemap and ninjs file are
	// render.Target{Year, Month}; a story's oEmbed is Target{Story}; a
	// beat's feeds are Target{Beat}.
	Skip func(render.Target) bool
	// Ninjs, when set, holds the stories' HTML the render made (see
	// NewNinjs); otherwise the ninjs files render every body themselves.
	Ninjs *Ninjs
	// Published is the output folder as the last build left it, or nil.
	// With Skip set, a ninjs month that must be written again copies the
	// lines of the stories whose pages Skip keeps from its last file.
	Published fs.FS
}

// syndicator holds one run.
type syndicator struct {
	cfg  *config.Config
	opt  Options
	emit func(render.Page) error
}

// Syndicate emits every file of this package for archive a. It calls emit
// from several goroutines at once.
func Syndicate(a *archive.Archive, opt Options, emit func(render.Page) error) error {
	if opt.Markdown == nil {
		opt.Markdown = render.NewMarkdown()
	}
	s := &syndicator{cfg: opt.Config, opt: opt, emit: emit}
	ninjs := opt.Ninjs
	if ninjs == nil {
		ninjs = NewNinjs(a, opt, emit)
	}
	finish := func(*archive.Archive) error {
		s.awaitRender()
		return ninjs.finish()
	}
	// The steps write different files from the same archive: they run side
	// by side, and the first one's error in this order is the error.
	steps := []func(*archive.Archive) error{s.feeds, s.sitemaps, s.newsSitemap, s.robots, s.redirects, s.oembeds, finish}
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, step := range steps {
		wg.Go(func() { errs[i] = step(a) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// awaitRender returns once the render has handed in what Options.Rendered
// says.
func (s *syndicator) awaitRender() {
	if s.opt.Rendered != nil {
		<-s.opt.Rendered
	}
}

// abs returns the absolute URL of a path from the archive's root ("/x/").
func (s *syndicator) abs(p string) string {
	base := s.cfg.Base
	rel := base.EscapedPath() + strings.TrimPrefix(p, "/")
	if base.Host == "" {
		return rel
	}
	return base.Scheme + "://" + base.Host + rel
}

// kept reports whether t's files are unchanged since the last build.
func (s *syndicator) kept(t render.Target) bool { return s.opt.Skip != nil && s.opt.Skip(t) }

// skip reports whether t's files are unchanged since the last build; it
// emits them as kept.
func (s *syndicator) skip(t render.Target, files ...string) (bool, error) {
	if !s.kept(t) {
		return false, nil
	}
	for _, f := range files {
		if err := s.emit(render.Page{Path: f, Kind: render.Feed, Keep: true}); err != nil {
			return true, err
		}
	}
	return true, nil
}

// updated is when a story last changed.
func updated(st *archive.Story) time.Time {
	if st.Lastmod.After(st.Date) {
		return st.Lastmod
	}
	return st.Date
}

// content renders a story's body.
func (s *syndicator) content(st *archive.Story) (string, error) {
	var html string
	err := s.opt.Body(st, func(body []byte) (err error) {
		html, err = render.MarkdownHTML(s.opt.Markdown, body)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", st.Path, err)
	}
	return html, nil
}

func (s *syndicator) robots(*archive.Archive) error {
	var b strings.Builder
	fmt.Fprintf(&b, "User-agent: *\nAllow: /\nDisallow: %s\n\nSitemap: %s\nSitemap: %s\n",
		s.cfg.Base.EscapedPath()+"embed/", s.abs("/sitemap.xml"), s.abs("/news-sitemap.xml"))
	return s.write("robots.txt", []byte(b.String()))
}

type oembed struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	Title        string `json:"title"`
	AuthorName   string `json:"author_name"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	CacheAge     int    `json:"cache_age"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

func (s *syndicator) oembeds(a *archive.Archive) error {
	// A file per story, the longest step by far: a run of stories per core.
	stories := append(slices.Clone(a.Stories), a.Withdrawn...)
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for _, st := range stories[w*len(stories)/workers : (w+1)*len(stories)/workers] {
				if errs[w] = s.oembed(st); errs[w] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	return cmp.Or(errs...)
}

// oembed writes a story's oEmbed file.
func (s *syndicator) oembed(st *archive.Story) error {
	file := strings.TrimPrefix(render.OEmbedURL(st.ID), "/")
	skipped, err := s.skip(render.Target{Story: st}, file)
	if err != nil || skipped {
		return err
	}
	author := st.Byline
	if author == "" {
		author = s.cfg.Agency.Name
	}
	title := st.Title
	if st.Withdrawn() != "" {
		title = "Withdrawn: " + title
	}
	return s.writeJSON(file, oembed{
		Version: "1.0", Type: "rich", Title: title, AuthorName: author,
		ProviderName: s.cfg.Agency.Name, ProviderURL: s.abs("/"), CacheAge: 86400,
		HTML: render.EmbedSnippet(s.abs(render.EmbedURL(st.ID)), st.Title), Width: render.EmbedWidth, Height: render.EmbedHeight,
	})
}
