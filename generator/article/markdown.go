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
//	embargo               a date: the story is published at that moment, not before
//	correction            a correction note, dated lastmod
//	withdrawn             why the story was withdrawn: its permalink shows a notice
func parseMarkdown(text string, opt Options, ds *diags) *Article {
	a := &Article{Format: Markdown}
	fm, body, bodyLine, err := SplitFrontMatter(text)
	if err != nil {
		ds.errorf(1, "%v", err)
		return a
	}
	a.Body = strings.Trim(body, "\n")
	a.BodyLine = bodyLine + len(body) - len(strings.TrimLeft(body, "\n"))
	if opt.BodyOnly {
		return a
	}
	fields, ok := decodeFrontMatter(fm, ds)
	if !ok {
		return a
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys { // lower case; f.key is the key as written
		f := fields[k]
		switch k {
		case "title":
			a.Title, _ = f.str(f.key, ds)
			a.Title = strings.TrimSpace(a.Title)
		case "date":
			a.Date = f.date(f.key, opt.Location, ds)
		case "lastmod":
			a.Lastmod = f.date(f.key, opt.Location, ds)
		case "slug":
			a.Slug, _ = f.str(f.key, ds)
		case "url":
			if u, ok := f.str(f.key, ds); ok {
				if err := checkStoryURL(u); err != nil {
					ds.errorf(f.line, "front matter url: %v", err)
				}
				a.URL, a.URLLine = u, f.line
			}
		case "id":
			a.ID = f.integer(f.key, ds)
		case "beat":
			if b, ok := f.str(f.key, ds); ok {
				a.Beats = append([]string{b}, a.Beats...)
			}
		case "beats":
			if bs, ok := f.strings(f.key, ds); ok {
				a.Beats = append(a.Beats, bs...)
			}
		case "author", "byline":
			if a.Byline == "" {
				a.Byline, _ = f.str(f.key, ds)
			}
		case "place":
			a.Place, _ = f.str(f.key, ds)
		case "summary":
			a.Summary, _ = f.str(f.key, ds)
		case "description":
			if _, ok := fields["summary"]; !ok {
				a.Summary, _ = f.str(f.key, ds)
			}
		case "aliases":
			n := a.notes()
			n.Aliases, _ = f.strings(f.key, ds)
			n.AliasLine = f.line
		case "draft":
			a.Draft = f.boolean(f.key, ds)
		case "embargo":
			a.notes().Embargo = f.date(f.key, opt.Location, ds)
		case "correction", "withdrawn":
			text, ok := f.str(f.key, ds)
			if ok && strings.TrimSpace(text) == "" {
				ds.errorf(f.line, "front matter %s is empty: say what was corrected, or why the story was withdrawn", f.key)
			}
			if f.key == "correction" {
				a.notes().Correction = strings.TrimSpace(text)
			} else {
				a.notes().Withdrawn = strings.TrimSpace(text)
			}
		default:
			ds.warnf(f.line, "unknown front matter key %q is ignored", f.key)
		}
	}
	switch {
	case fm.Format == "":
		ds.errorf(1, "no front matter: a Markdown story starts with +++ (TOML) or --- (YAML) and gives title, date and beat")
		return a
	case a.Title == "":
		ds.errorf(fm.Line-1, "missing title: add %s to the front matter", fmLine(fm, "title", `"..."`))
	}
	if _, ok := fields["date"]; !ok {
		ds.errorf(fm.Line-1, "missing date: add %s to the front matter", fmLine(fm, "date", "2013-03-03T07:25:00+01:00"))
	}
	if a.Beat() == "" {
		ds.errorf(fm.Line-1, "missing beat: add %s to the front matter", fmLine(fm, "beat", `"Politics"`))
	}
	return a
}

// fmLine returns a front matter line in the language of fm, for messages.
func fmLine(fm FrontMatter, key, value string) string {
	if fm.Format == "yaml" {
		return key + ": " + strings.Trim(value, `"`)
	}
	return key + " = " + value
}
