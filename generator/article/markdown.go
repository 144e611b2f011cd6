package article

import (
	"sort"
	"strings"
)

// Front matter keys (Hugo's names); any other key is a warning:
//
//	title                 the headline, plain text
//	date                  with an offset, or local to the archive's time zone
//	lastmod               the last update
//	slug, url, id         see DESIGN.md "Ids, slugs, permalinks"; url is verbatim
//	beat or beats         the first is the story's beat
//	author or byline      the byline; place: where the story was filed
//	summary, description  the lead for lists and metadata
//	aliases               old paths of the story
//	draft                 built only with --drafts
func parseMarkdown(text string, opt Options, ds *diags) *Article {
	a := &Article{Format: Markdown}
	fm, body, bodyLine, err := SplitFrontMatter(text)
	if err != nil {
		ds.errorf(1, "%v", err)
		return a
	}
	a.Body = strings.Trim(body, "\n")
	a.BodyLine = bodyLine + len(body) - len(strings.TrimLeft(body, "\n"))
	fields, ok := decodeFrontMatter(fm, ds)
	if !ok {
		return a
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f := fields[k]
		switch strings.ToLower(k) {
		case "title":
			a.Title, _ = f.str(k, ds)
			a.Title = strings.TrimSpace(a.Title)
		case "date":
			a.Date = f.date(k, opt.Location, ds)
		case "lastmod":
			a.Lastmod = f.date(k, opt.Location, ds)
		case "slug":
			a.Slug, _ = f.str(k, ds)
		case "url":
			if u, ok := f.str(k, ds); ok {
				if err := checkStoryURL(u); err != nil {
					ds.errorf(f.line, "front matter url: %v", err)
				}
				a.URL, a.URLLine = u, f.line
			}
		case "id":
			a.ID = f.integer(k, ds)
		case "beat":
			if b, ok := f.str(k, ds); ok {
				a.Beats = append([]string{b}, a.Beats...)
			}
		case "beats":
			if bs, ok := f.strings(k, ds); ok {
				a.Beats = append(a.Beats, bs...)
			}
		case "author", "byline":
			if a.Byline == "" {
				a.Byline, _ = f.str(k, ds)
			}
		case "place":
			a.Place, _ = f.str(k, ds)
		case "summary":
			a.Summary, _ = f.str(k, ds)
		case "description":
			if _, ok := fields["summary"]; !ok {
				a.Summary, _ = f.str(k, ds)
			}
		case "aliases":
			a.Aliases, _ = f.strings(k, ds)
		case "draft":
			a.Draft = f.boolean(k, ds)
		default:
			ds.warnf(f.line, "unknown front matter key %q is ignored", k)
		}
	}
	switch {
	case fm.Format == "":
		ds.errorf(1, "no front matter: a Markdown story starts with +++ (TOML) or --- (YAML) and gives title, date and beat")
		return a
	case a.Title == "":
		ds.errorf(fm.Line-1, "missing title: add title = \"...\" to the front matter")
	}
	if _, ok := fields["date"]; !ok {
		ds.errorf(fm.Line-1, "missing date: add date = 2013-03-03T07:25:00+01:00 to the front matter")
	}
	if a.Beat() == "" {
		ds.errorf(fm.Line-1, "missing beat: add beat = \"Politics\" to the front matter")
	}
	return a
}
