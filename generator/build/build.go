// Package build runs dateline's stages in order: config, articles, archive,
// static files, pages. It is the one function behind the build, check and
// serve commands.
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
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/config"
	"dateline/generator/render"
)

// Options configures a build.
type Options struct {
	Site      fs.FS  // the archive folder
	Templates fs.FS  // the default theme's templates
	Static    fs.FS  // the default theme's static files
	BaseURL   string // overrides config.toml's baseURL when set
	Drafts    bool   // build stories marked draft
	Now       time.Time
	// Inject is HTML inserted before </body> of every page (serve's script).
	Inject string
}

// Result is what a build found.
type Result struct {
	Stories     int                  // stories published
	Diagnostics []article.Diagnostic // errors and warnings, sorted by path and line
}

// Failed reports whether any diagnostic is an error.
func (r *Result) Failed() bool {
	return slices.ContainsFunc(r.Diagnostics, func(d article.Diagnostic) bool { return !d.Warning })
}

// Build runs every stage and passes each page to emit, which must be safe
// for concurrent use. When the config, a story or a template is wrong, the
// result lists every problem and Failed reports true; pages emitted before
// a template failed must then be discarded. The error is emit's.
func Build(opt Options, emit func(render.Page) error) (*Result, error) {
	res := &Result{}
	// 1. config.toml
	cfg, err := loadConfig(opt)
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, configDiag(err))
		return res, nil
	}
	// 2. every story file, parsed on all cores
	articles, diags := readArticles(opt.Site, cfg, opt.Drafts)
	res.Diagnostics = diags
	// 3. the archive model: ids, permalinks, beats, dates, collisions
	arch, diags := archive.New(cfg, articles)
	res.Diagnostics = append(res.Diagnostics, diags...)
	if res.Failed() {
		sortDiags(res.Diagnostics)
		return res, nil
	}
	res.Stories = len(arch.Stories)
	// 4. static files, the archive's over the theme's
	if err := copyStatic(overlay{sub(opt.Site, "static"), opt.Static}, emit); err != nil {
		return res, err
	}
	// 5. the pages
	diags, err = render.Render(arch, render.Options{
		Config:    cfg,
		Templates: overlay{sub(opt.Site, "templates"), opt.Templates},
		Body:      func(s *archive.Story) (string, error) { return readBody(opt.Site, cfg, s.Path) },
		Inject:    opt.Inject,
	}, emit)
	res.Diagnostics = append(res.Diagnostics, diags...)
	sortDiags(res.Diagnostics)
	return res, err
}

// loadConfig reads config.toml and applies the base URL override.
func loadConfig(opt Options) (*config.Config, error) {
	data, err := fs.ReadFile(opt.Site, "config.toml")
	if err != nil {
		return nil, fmt.Errorf("config.toml:1: cannot read the archive's config.toml: %w", errors.Unwrap(err))
	}
	cfg, err := config.Parse(data)
	if err != nil {
		return nil, err
	}
	if opt.BaseURL != "" {
		cfg.BaseURL = opt.BaseURL
		if err := cfg.SetBase(); err != nil {
			return nil, &config.Error{Line: 1, Key: "--base-url", Msg: err.Error()}
		}
	}
	return cfg, nil
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

// readArticles parses every story under content/, on all cores. Bodies are
// dropped after parsing; drafts are left out unless drafts is set.
func readArticles(site fs.FS, cfg *config.Config, drafts bool) ([]*article.Article, []article.Diagnostic) {
	var paths []string
	err := fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "content" && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if !d.IsDir() && article.IsStory(p) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, []article.Diagnostic{{Path: "content", Line: 1, Msg: "cannot read the content folder: " + err.Error()}}
	}
	opt := parseOptions(cfg)
	results := make([]*article.Article, len(paths))
	diags := make([][]article.Diagnostic, len(paths))
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= len(paths) {
					return
				}
				data, err := fs.ReadFile(site, paths[j])
				if err != nil {
					diags[j] = []article.Diagnostic{{Path: paths[j], Line: 1, Msg: "cannot read: " + err.Error()}}
					continue
				}
				a, ds := article.Parse(paths[j], data, opt)
				if a != nil {
					a.Body = ""
				}
				results[j], diags[j] = a, ds
			}
		})
	}
	wg.Wait()
	var articles []*article.Article
	var all []article.Diagnostic
	for j, a := range results {
		all = append(all, diags[j]...)
		if a != nil && (drafts || !a.Draft) {
			articles = append(articles, a)
		}
	}
	return articles, all
}

// readBody reads a story file again and returns its Markdown body.
func readBody(site fs.FS, cfg *config.Config, p string) (string, error) {
	data, err := fs.ReadFile(site, p)
	if err != nil {
		return "", err
	}
	a, ds := article.Parse(p, data, parseOptions(cfg))
	if a == nil {
		return "", fmt.Errorf("the file changed during the build: %v", ds)
	}
	return a.Body, nil
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
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line))
	})
}
