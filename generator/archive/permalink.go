package archive

import (
	"fmt"
	"math"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"dateline/generator/article"
	"dateline/generator/config"
)

// resolver places articles: ids, slugs, permalinks and files.
type resolver struct {
	cfg     *config.Config
	pattern *pattern
	base    string // the escaped path of baseURL, ending in "/"
	diags   []article.Diagnostic
}

// newResolver returns the resolver of an archive with settings cfg.
func newResolver(cfg *config.Config) *resolver {
	return &resolver{cfg: cfg, pattern: compilePattern(cfg.Permalinks.Article), base: cfg.Base.EscapedPath()}
}

// sub returns a resolver like r with no diagnostics, for another core.
func (r *resolver) sub() *resolver { return &resolver{cfg: r.cfg, pattern: r.pattern, base: r.base} }

func (r *resolver) errorf(a *article.Article, line int, format string, args ...any) {
	r.diags = append(r.diags, article.Diagnostic{Path: a.Path, Line: max(line, 1), Msg: fmt.Sprintf(format, args...)})
}

// stories resolves every article into a story.
func (r *resolver) stories(articles []*article.Article, beats *beatSet) []*Story {
	made := make([]*Story, len(articles))
	r.each(len(articles), func(w *resolver, i int) {
		a := articles[i]
		s := &Story{Article: a, ID: a.ID, Beat: beats.asNamed[a.Beat()]}
		if a.URL != "" && !w.fromURL(s) {
			return
		}
		if s.Slug == "" {
			s.Slug = a.Slug
		}
		if s.Slug == "" {
			s.Slug = article.Slugify(a.Title)
		}
		made[i] = s
	})
	stories := slices.DeleteFunc(made, func(s *Story) bool { return s == nil })
	maxID := 0
	for _, s := range stories {
		maxID = max(maxID, s.ID)
	}
	// Stories without an id take the next ones, in path order.
	numbered := stories[:0]
	for _, s := range stories {
		if s.ID == 0 {
			if maxID == math.MaxInt {
				r.errorf(s.Article, 1, "no id is free above %d, the largest id; give the story an id", maxID)
				continue
			}
			maxID++
			s.ID = maxID
		}
		if s.Slug == "" {
			s.Slug = strconv.Itoa(s.ID)
		}
		numbered = append(numbered, s)
	}
	placed := make([]*Story, len(numbered))
	r.each(len(numbered), func(w *resolver, i int) {
		s := numbered[i]
		if s.Permalink == "" {
			s.Permalink = w.expand(s)
		}
		file, err := File(s.Permalink)
		if err != nil {
			w.errorf(s.Article, s.URLLine, "%v; %s", err, w.fix(s))
			return
		}
		s.File = file
		placed[i] = s
	})
	return slices.DeleteFunc(placed, func(s *Story) bool { return s == nil })
}

// each calls f for 0 to n-1 on all cores, a run of them each, with a
// resolver per core whose diagnostics are r's after it (in no fixed order:
// New sorts them).
func (r *resolver) each(n int, f func(w *resolver, i int)) {
	workers := runtime.GOMAXPROCS(0)
	subs := make([]*resolver, workers)
	var wg sync.WaitGroup
	for k := range subs {
		subs[k] = r.sub()
		wg.Go(func() {
			for i := k * n / workers; i < (k+1)*n/workers; i++ {
				f(subs[k], i)
			}
		})
	}
	wg.Wait()
	for _, w := range subs {
		r.diags = append(r.diags, w.diags...)
	}
}

// fromURL sets the permalink, and the id and slug when the URL matches the
// pattern, from the article's URL. It reports false after a diagnostic.
func (r *resolver) fromURL(s *Story) bool {
	p, plain := plainURLPath(s.URL)
	if !plain {
		u, err := url.Parse(s.URL)
		if err != nil {
			r.errorf(s.Article, s.URLLine, "article URL %q is not a URL", s.URL)
			return false
		}
		if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
			r.errorf(s.Article, s.URLLine, "article URL %q has a query or fragment; a permalink is a path only", s.URL)
			return false
		}
		if u.Opaque != "" || (u.Host == "" && !strings.HasPrefix(u.Path, "/")) {
			r.errorf(s.Article, s.URLLine, "article URL %q is neither an http(s) URL nor a path starting with \"/\"", s.URL)
			return false
		}
		p = u.EscapedPath()
	}
	if strings.HasPrefix(p, r.base) {
		p = p[len(r.base)-1:] // from the "/" the base ends in
	}
	if p == "" {
		p = "/"
	}
	if p == s.URL {
		p = s.URL // the same text: keep one string of it, not two
	}
	s.Permalink = p
	id, slug, ok := r.pattern.match(p)
	if !ok {
		return true
	}
	if id, err := strconv.Atoi(id); err == nil && id > 0 {
		if s.Article.ID != 0 && s.Article.ID != id {
			r.errorf(s.Article, s.URLLine, "front matter id %d differs from the id %d in the URL %q; remove the id", s.Article.ID, id, s.URL)
			return false
		}
		s.ID = id
	}
	if slug, err := url.PathUnescape(slug); err == nil && slug != "" {
		s.Slug = slug
	}
	return true
}

// plainURLPath returns the path of an article URL in the usual form, a path
// ("/bericht-575/putin.html") or an http(s) URL with one, of letters,
// digits and "-._~/" only: what url.Parse and EscapedPath would make of it
// (the fuzz target FuzzPlainWays holds it to that). It reports false for
// any other URL, which takes url.Parse.
func plainURLPath(u string) (string, bool) {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(u, "http://")
	}
	if ok {
		host := strings.IndexByte(rest, '/')
		if host <= 0 || !plainText(rest[:host], "") {
			return "", false
		}
		u = rest[host:]
	}
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || !plainText(u, "_~/") {
		return "", false
	}
	return u, true
}

// plainText reports whether s is of ASCII letters and digits, "-", "." and
// the bytes of also only: a host name (also "") or a path (also "_~/").
func plainText(s, also string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || strings.IndexByte(also, c) >= 0) {
			return false
		}
	}
	return true
}

// expand fills the permalink pattern for s.
func (r *resolver) expand(s *Story) string {
	t := s.Date.In(r.cfg.Location)
	return strings.NewReplacer(
		"{id}", strconv.Itoa(s.ID),
		"{slug}", url.PathEscape(s.Slug),
		"{beat}", s.Beat.Slug,
		"{yyyy}", fmt.Sprintf("%04d", t.Year()),
		"{mm}", fmt.Sprintf("%02d", int(t.Month())),
		"{dd}", fmt.Sprintf("%02d", t.Day()),
	).Replace(r.cfg.Permalinks.Article)
}

// File returns the output file of a permalink: percent-escapes decoded, and
// "index.html" added to a path ending in "/" or without an extension. A
// permalink that would leave the output folder, or write a hidden file, is
// an error.
func File(permalink string) (string, error) {
	if file, ok := plainFile(permalink); ok {
		return file, nil
	}
	return decodeFile(permalink)
}

// decodeFile is File the long way, for any permalink.
func decodeFile(permalink string) (string, error) {
	if !strings.HasPrefix(permalink, "/") {
		return "", fmt.Errorf("permalink %q must be a path starting with \"/\"", permalink)
	}
	segs := strings.Split(permalink[1:], "/")
	for i, seg := range segs {
		dec, err := url.PathUnescape(seg)
		if err != nil {
			return "", fmt.Errorf("permalink %q has a bad percent-escape", permalink)
		}
		switch {
		case strings.ContainsAny(dec, "/\\\x00"):
			return "", fmt.Errorf("permalink %q has a \"/\", \"\\\" or NUL character in segment %q; remove it", permalink, seg)
		case dec == ".." || dec == ".":
			return "", fmt.Errorf("permalink %q has a %q segment; it would leave its folder", permalink, dec)
		case strings.HasPrefix(dec, "."):
			return "", fmt.Errorf("permalink %q has a hidden segment %q", permalink, dec)
		}
		segs[i] = dec
	}
	p := "/" + strings.Join(segs, "/")
	file := strings.TrimPrefix(path.Clean(p), "/")
	if strings.HasSuffix(p, "/") || path.Ext(file) == "" {
		file = path.Join(file, "index.html")
	}
	if file == permalink[1:] {
		file = permalink[1:] // a piece of the permalink, not a copy
	}
	return file, nil
}

// plainFile is File for a permalink in the usual form, without a
// percent-escape, a backslash or NUL, an empty segment but the last, or a
// segment starting with "." (File's decoding and cleaning change none of
// it); it reports false for any other, which takes the long way.
func plainFile(permalink string) (string, bool) {
	if len(permalink) < 2 || permalink[0] != '/' {
		return "", false
	}
	for i := 1; i < len(permalink); i++ {
		switch c := permalink[i]; {
		case c == '%' || c == '\\' || c == 0:
			return "", false
		case (c == '/' || c == '.') && permalink[i-1] == '/':
			return "", false
		}
	}
	file := permalink[1:]
	switch {
	case strings.HasSuffix(file, "/"):
		return file + "index.html", true
	case path.Ext(file) == "":
		return file + "/index.html", true
	}
	return file, true
}

// checkCollisions reports stories that share an id or an output file, and
// files on reserved paths or on the pages of a beat. It returns the stories
// by their files.
func (r *resolver) checkCollisions(stories []*Story, beats *beatSet) map[string]*Story {
	// The ids on one core, the files on another (New sorts the diagnostics).
	ids := r.sub()
	var wg sync.WaitGroup
	wg.Go(func() {
		collisions(ids, stories, func(s *Story) int { return s.ID }, "id", func(s *Story) string { return strconv.Itoa(s.ID) }, "give one story another id")
	})
	byFile := collisions(r, stories, func(s *Story) string { return s.File }, "permalink", func(s *Story) string { return s.Permalink }, "change the url or slug of one")
	wg.Wait()
	r.diags = append(r.diags, ids.diags...)
	beatPages := map[string]bool{}
	for _, b := range beats.list {
		beatPages[b.Slug] = true
	}
	for _, s := range stories {
		first, rest, _ := strings.Cut(s.File, "/")
		switch {
		case slices.Contains(Reserved, first) && rest == "":
			r.errorf(s.Article, s.URLLine, "permalink %s is dateline's own /%s; %s", s.Permalink, first, r.fix(s))
		case slices.Contains(Reserved, first):
			r.errorf(s.Article, s.URLLine, "permalink %s is in /%s/, which dateline reserves for its own pages; %s", s.Permalink, first, r.fix(s))
		case rest == "" && strings.HasPrefix(first, "sitemap-") && strings.HasSuffix(first, ".xml"):
			r.errorf(s.Article, s.URLLine, "permalink %s is the name of one of dateline's sitemaps; %s", s.Permalink, r.fix(s))
		case beatPages[first] && (rest == "index.html" || strings.HasPrefix(rest, "page/")):
			r.errorf(s.Article, s.URLLine, "permalink %s is a page of the beat /%s/; %s", s.Permalink, first, r.fix(s))
		case beatPages[first] && slices.Contains(BeatFiles, rest):
			r.errorf(s.Article, s.URLLine, "permalink %s is a feed of the beat /%s/; %s", s.Permalink, first, r.fix(s))
		}
	}
	return byFile
}

// collisions reports every two stories with one key, each naming the
// other ("id 5 is also the id of content/b.md; give one story another
// id"), and returns the stories by their keys (the first of each).
func collisions[K comparable](r *resolver, stories []*Story, key func(*Story) K, name string, value func(*Story) string, fix string) map[K]*Story {
	seen := make(map[K]*Story, len(stories))
	for _, s := range stories {
		o := seen[key(s)]
		if o == nil {
			seen[key(s)] = s
			continue
		}
		r.errorf(s.Article, s.URLLine, "%s %s is also the %s of %s; %s", name, value(s), name, o.Path, fix)
		r.errorf(o.Article, o.URLLine, "%s %s is also the %s of %s; %s", name, value(o), name, s.Path, fix)
	}
	return seen
}

// fix says which key to change to move s to another permalink: the one its
// permalink came from.
func (r *resolver) fix(s *Story) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(r.cfg.Permalinks.Article, "/"), "/")
	switch {
	case s.URL != "" && s.Format == article.Wire:
		return "change the story's URL after **Article online:**"
	case s.URL != "":
		return "change the story's url in its front matter"
	case !strings.Contains(first, "{"):
		return "change [permalinks] article in config.toml"
	case s.Format == article.Wire:
		return "give the story its URL after **Article online:**"
	default:
		return "set another slug (or url) in the story's front matter"
	}
}
