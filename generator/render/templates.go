package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"dateline/generator/article"
)

// PageTemplates are the page templates a theme provides; each fills the
// "main" block of baseof.html. Partials live in partials/ and are called
// with {{ partial "footer.html" . }}.
var PageTemplates = []string{"home.html", "article.html", "beat.html", "beats.html", "archive.html", "imprint.html", "404.html", "embed.html", "withdrawn.html", "alias.html", "search.html"}

// standalone templates are whole documents that do not use baseof.html:
// the embed card and the redirect page of an alias have no site chrome.
var standalone = map[string]bool{"embed.html": true, "alias.html": true}

// theme is the parsed templates: one template set per page template, each
// holding baseof.html, every partial and the page template.
type theme struct {
	sets map[string]*template.Template
}

// loadTheme parses the templates in fsys (the archive's templates/ over the
// default theme). A parse error is a diagnostic at the template's line.
func loadTheme(fsys fs.FS, funcs template.FuncMap) (*theme, []article.Diagnostic) {
	var ds []article.Diagnostic
	read := func(name string) string {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			ds = append(ds, article.Diagnostic{Path: "templates/" + name, Line: 1, Msg: "missing template: " + err.Error()})
		}
		return string(b)
	}
	base := read("baseof.html")
	partials := map[string]string{}
	_ = fs.WalkDir(fsys, "partials", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".html" {
			partials[p] = read(p)
		}
		return nil
	})
	th := &theme{sets: map[string]*template.Template{}}
	var cached sync.Map // partialCached: name and variants -> template.HTML, for this render
	for _, name := range PageTemplates {
		page := read(name)
		if len(ds) > 0 {
			continue
		}
		var set *template.Template
		partial := func(name string, data any) (template.HTML, error) {
			var buf bytes.Buffer
			err := set.ExecuteTemplate(&buf, "partials/"+name, data)
			return template.HTML(buf.String()), err
		}
		fm := template.FuncMap{
			"partial": partial,
			// As Hugo's: the partial is executed once per render for each
			// name and list of variants, with the data of the first page
			// that asks; every other page gets the same HTML. For the parts
			// that are the same on many pages (the masthead, the footer).
			"partialCached": func(name string, data any, variants ...any) (template.HTML, error) {
				key := cacheKey{name, variantsKey(variants)}
				if html, ok := cached.Load(key); ok {
					return html.(template.HTML), nil
				}
				html, err := partial(name, data)
				if err == nil {
					cached.Store(key, html)
				}
				return html, err
			},
		}
		set = template.New("baseof.html").Funcs(funcs).Funcs(fm)
		if _, err := set.Parse(inlinePartials(base)); err != nil {
			ds = append(ds, templateDiag(err, ""))
		}
		parse := func(name, text string) {
			if _, err := set.New(name).Parse(text); err != nil {
				ds = append(ds, templateDiag(err, ""))
			}
		}
		for p, text := range partials {
			parse(p, inlinePartials(text))
		}
		parse(name, inlinePartials(page))
		th.sets[name] = set
	}
	return th, dedupe(ds)
}

// cacheKey is a partialCached call's: its partial and its variants.
type cacheKey struct{ name, variants string }

// variantsKey is fmt.Sprint(variants...), without its allocations for what
// the default theme passes on every page: nothing, a string or a bool.
func variantsKey(variants []any) string {
	switch len(variants) {
	case 0:
		return ""
	case 1:
		switch v := variants[0].(type) {
		case string:
			return v
		case bool:
			return strconv.FormatBool(v)
		}
	}
	return fmt.Sprint(variants...)
}

// partialCall is an action that is a whole partial call with a plain
// argument: {{ partial "footer.html" . }}, {{- partial "x.html" .Chart -}}.
var partialCall = regexp.MustCompile(`\{\{(-?)\s*partial\s+"([^"\\]+)"\s+((?:\.|\$)[\w.]*)\s*(-?)\}\}`)

// inlinePartials rewrites every whole partial call with a plain argument as
// {{ template "partials/NAME" ARG }}: the same output, without executing a
// template from a function (by reflection, into a buffer, under the template
// set's lock) on every page. Other uses of partial, in a pipeline, stay
// calls of the function.
func inlinePartials(text string) string {
	return partialCall.ReplaceAllString(text, `{{$1 template "partials/$2" $3 $4}}`)
}

// execute renders page with the named page template into buf.
func (th *theme) execute(buf *bytes.Buffer, name string, page *View, story string) *article.Diagnostic {
	entry := "baseof.html"
	if standalone[name] {
		entry = name
	}
	if err := th.sets[name].ExecuteTemplate(buf, entry, page); err != nil {
		d := templateDiag(err, story)
		return &d
	}
	return nil
}

// buffers are the pages' buffers while they are executed and emitted, and
// Markdown's while it is rendered.
var buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

var templateErr = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+)(?::\d+)?: (.*)$`)

// templateDiag turns a template error into templates/NAME:LINE: message,
// naming the story being rendered when there is one.
func templateDiag(err error, story string) article.Diagnostic {
	msg := err.Error()
	d := article.Diagnostic{Path: "templates", Line: 1, Msg: msg}
	if m := templateErr.FindStringSubmatch(msg); m != nil {
		d.Path = "templates/" + m[1]
		d.Line, _ = strconv.Atoi(m[2])
		d.Msg = m[3]
	}
	d.Msg = strings.TrimPrefix(d.Msg, "executing \""+strings.TrimPrefix(d.Path, "templates/")+"\" at ")
	if story != "" {
		d.Msg += " (rendering " + story + ")"
	}
	return d
}

func dedupe(ds []article.Diagnostic) []article.Diagnostic {
	seen := map[string]bool{}
	out := ds[:0]
	for _, d := range ds {
		if !seen[d.String()] {
			seen[d.String()] = true
			out = append(out, d)
		}
	}
	return out
}

var tags = regexp.MustCompile(`<[^>]*>`)

// funcMap returns the template functions, Hugo's names.
func (r *renderer) funcMap() template.FuncMap {
	return template.FuncMap{
		"site":     func() *Site { return r.site },
		"relURL":   r.relURL,
		"absURL":   func(s string) string { return r.absURL(r.relURL(s)) },
		"urlize":   article.Slugify,
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },
		"plainify": func(s any) string { return tags.ReplaceAllString(fmt.Sprint(s), "") },
		"truncate": func(n int, s string) string {
			if utf8.RuneCountInString(s) <= n {
				return s
			}
			return strings.TrimSpace(string([]rune(s)[:n])) + "…"
		},
		"T":           func(key string) string { return r.lang.T(key) },
		"fmtDateTime": func(t time.Time) string { return r.lang.DateTimeOf(t) },
		"fmtDay":      func(t time.Time) string { return r.lang.Day(t) },
		"fmtMonth":    func(t time.Time) string { return r.lang.Month(t) },
		"add":         func(a, b int) int { return a + b },
		// datetime is the attribute datetime="2013-03-03T07:25:00+01:00";
		// as an attribute value html/template would escape the "+".
		"datetime": func(t time.Time) template.HTMLAttr {
			return template.HTMLAttr(`datetime="` + t.Format(time.RFC3339) + `"`)
		},
		// timeTag is <time datetime="...">fmtDateTime</time> in one action:
		// a list item, a card and a story page each have one or more, and
		// every action is a call by reflection, and its escaper another.
		"timeTag": func(t time.Time) template.HTML {
			return template.HTML(`<time datetime="` + t.Format(time.RFC3339) + `">` +
				template.HTMLEscapeString(r.lang.DateTimeOf(t)) + `</time>`)
		},
	}
}
