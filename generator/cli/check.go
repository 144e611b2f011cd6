package cli

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"dateline/generator/article"
	"dateline/generator/build"
	"dateline/generator/render"
)

func init() {
	Commands = append(Commands, &Command{
		Name:  "check",
		Usage: "check [-s SITE] [--drafts] [--now TIME]",
		Short: "report every problem in the archive and every broken internal link; write nothing",
		Flags: checkFlags,
	})
}

func checkFlags(fl *flag.FlagSet) func(context.Context, Env, []string) error {
	var sf siteFlags
	sf.register(fl)
	return func(ctx context.Context, env Env, args []string) error {
		if len(args) > 0 {
			return usageError("check takes no arguments, got %q", args)
		}
		opt, err := sf.options(env)
		if err != nil {
			return err
		}
		return runCheck(opt, env)
	}
}

// links collects the pages of a build and the internal links in them.
type links struct {
	mu    sync.Mutex
	pages map[string]bool
	from  map[string]render.Page // link as written -> a page with it
	base  *url.URL
}

var hrefs = regexp.MustCompile(`(?:href|src)="([^"]+)"`)

// add records a page and its links (as written); the page's bytes are not
// kept.
func (l *links) add(p render.Page) error {
	var targets []string
	if strings.HasSuffix(p.Path, ".html") {
		for _, m := range hrefs.FindAllSubmatch(p.Data, -1) {
			targets = append(targets, string(m[1]))
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pages[p.Path] = true
	for _, t := range targets {
		if old, ok := l.from[t]; !ok || p.Path < old.Path {
			l.from[t] = render.Page{Path: p.Path, Source: p.Source}
		}
	}
	return nil
}

// internal returns the path from the archive's root of a link into the
// archive, and false for a link elsewhere.
func (l *links) internal(href string) (string, bool) {
	u, err := url.Parse(strings.ReplaceAll(href, "&amp;", "&"))
	if err != nil || u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "", false
	}
	if u.Host != "" && u.Host != l.base.Host || u.Path == "" {
		return "", false
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		return "", false // relative links: none in the theme; a story's are left alone
	}
	basePath := l.base.Path
	if !strings.HasPrefix(p, basePath) {
		return "", false
	}
	return "/" + strings.TrimPrefix(p, basePath), true
}

// answers reports whether a path from the root has a page.
func (l *links) answers(p string) bool {
	file := strings.TrimPrefix(p, "/")
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	return l.pages[file] || path.Ext(file) == "" && l.pages[file+"/index.html"]
}

// runCheck builds in memory, writes nothing, and reports every diagnostic
// and broken internal link.
func runCheck(opt build.Options, env Env) error {
	l := &links{pages: map[string]bool{}, from: map[string]render.Page{}}
	res, err := build.Build(opt, l.add)
	if err != nil {
		return err
	}
	ds := res.Diagnostics
	internal := 0
	if !res.Failed() {
		if l.base, err = url.Parse(res.BaseURL); err != nil {
			return err
		}
		broken := map[string]render.Page{}
		for href, p := range l.from {
			t, ok := l.internal(href)
			if !ok {
				continue
			}
			internal++
			if !l.answers(t) {
				if old, seen := broken[t]; !seen || p.Path < old.Path {
					broken[t] = p
				}
			}
		}
		targets := make([]string, 0, len(broken))
		for t := range broken {
			targets = append(targets, t)
		}
		sort.Strings(targets)
		for _, t := range targets {
			p := broken[t]
			ds = append(ds, article.Diagnostic{Path: p.Source, Line: 1,
				Msg: fmt.Sprintf("broken link to %s (in %s): no page answers there", t, "/"+p.Path)})
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Path < ds[j].Path })
	printDiagnostics(env.Stderr, ds)
	n := countErrors(ds)
	fmt.Fprintf(env.Stdout, "checked %d stories, %d pages, %d internal links: %s\n", res.Stories, len(l.pages), internal, n)
	if (&build.Result{Diagnostics: ds}).Failed() {
		return &ExitError{Code: 1}
	}
	return nil
}
