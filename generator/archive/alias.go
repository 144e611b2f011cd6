package archive

import (
	"slices"
	"strings"
	"unicode"
)

// aliases resolves every story's aliases (front matter aliases, wire
// Aliases:) into redirect files, and reports an alias that is not a path,
// lands on dateline's own paths, or meets a story or another alias.
func (r *resolver) aliases(stories []*Story, beats *beatSet, byFile map[string]*Story) []*Alias {
	aliased := map[string]*Story{} // file -> the story an alias there leads to
	var out []*Alias
	for _, s := range stories {
		paths, line := s.Article.Aliases()
		for _, p := range paths {
			a, msg := r.alias(s, p, beats, byFile, aliased)
			if msg != "" {
				r.errorf(s.Article, line, "alias %q %s; change or remove it in the story's aliases", p, msg)
				continue
			}
			aliased[a.File] = s
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b *Alias) int { return strings.Compare(a.File, b.File) })
	return out
}

// alias checks one alias path of s against the stories' files and the
// aliases before it; msg says what is wrong with it.
func (r *resolver) alias(s *Story, p string, beats *beatSet, byFile, aliased map[string]*Story) (*Alias, string) {
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "://") || strings.ContainsAny(p, "?#") {
		return nil, "is not a path from the archive's root (it must start with \"/\", with no query or fragment)"
	}
	// The path is written as it is into the ledger's "PERMALINK ID" lines,
	// _redirects' "FROM TO 301" lines and nginx-redirects.conf: a space or
	// a line break would split or add lines there.
	if strings.ContainsFunc(p, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return nil, "has a space or control character (write a space as %20)"
	}
	file, err := File(p)
	if err != nil {
		return nil, "is not a usable path: " + err.Error()
	}
	first, rest, _ := strings.Cut(file, "/")
	switch {
	case slices.Contains(Reserved, first), rest == "" && strings.HasPrefix(first, "sitemap-"):
		return nil, "is on a path dateline reserves for its own pages"
	case beats.bySlug(first) && (rest == "index.html" || strings.HasPrefix(rest, "page/") || slices.Contains(BeatFiles, rest)):
		return nil, "is a page of the beat /" + first + "/"
	case byFile[file] != nil:
		return nil, "is already the permalink of " + byFile[file].Path
	case aliased[file] != nil:
		return nil, "is already an alias of " + aliased[file].Path
	}
	return &Alias{Path: p, File: file, Story: s}, ""
}

func (b *beatSet) bySlug(slug string) bool {
	for _, x := range b.list {
		if x.Slug == slug {
			return true
		}
	}
	return false
}
