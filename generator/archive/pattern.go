package archive

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// pattern is the permalink pattern compiled for matching permalinks
// against it: a regexp with a group per placeholder, and the same pattern
// as parts that a small backtracking matcher walks. The matcher gives what
// the regexp gives (placeholders match greedily, the first match found
// wins), at a tenth of its cost: the regexp's backtracker was most of
// resolving an archive of 100,000 stories. Past a budget of steps it leaves
// the path to the regexp, so no pattern and path make it slow.
type pattern struct {
	re    *regexp.Regexp
	parts []patternPart
}

// patternPart is literal text, or a placeholder: a run of digits or of
// anything but "/", of min to max bytes (max 0: no bound), captured by its
// name unless the name is "".
type patternPart struct {
	lit      string
	name     string
	digits   bool
	min, max int
}

var placeholders = map[string]patternPart{
	"{id}": {name: "id", digits: true, min: 1}, "{slug}": {name: "slug", min: 1}, "{beat}": {name: "beat", min: 1},
	"{yyyy}": {name: "yyyy", digits: true, min: 4, max: 4}, "{mm}": {name: "mm", digits: true, min: 2, max: 2},
	"{dd}": {name: "dd", digits: true, min: 2, max: 2},
}

// compilePattern compiles a permalink pattern. A placeholder named twice
// is captured the first time; the others, and text in braces that is no
// placeholder, match any run of bytes but "/".
func compilePattern(p string) *pattern {
	// The regexp package takes UTF-8 only; a pattern that is not (only
	// config.CheckPattern refuses it) must not panic here.
	p = strings.ToValidUTF8(p, "\uFFFD")
	var parts []patternPart
	seen := map[string]bool{}
	for p != "" {
		i := strings.IndexByte(p, '{')
		j := strings.IndexByte(p[max(i, 0):], '}')
		if i < 0 || j < 0 {
			parts = append(parts, patternPart{lit: p})
			break
		}
		if i > 0 {
			parts = append(parts, patternPart{lit: p[:i]})
		}
		ph, ok := placeholders[p[i:i+j+1]]
		if !ok || seen[ph.name] {
			ph = patternPart{min: 1}
		}
		seen[ph.name] = true
		parts = append(parts, ph)
		p = p[i+j+1:]
	}
	var b strings.Builder
	b.WriteString("^")
	for _, pt := range parts {
		switch {
		case pt.lit != "":
			b.WriteString(regexp.QuoteMeta(pt.lit))
		case pt.name == "":
			b.WriteString(`[^/]+`)
		case !pt.digits:
			b.WriteString(`(?P<` + pt.name + `>[^/]+)`)
		case pt.max == 0:
			b.WriteString(`(?P<` + pt.name + `>[0-9]+)`)
		default:
			b.WriteString(`(?P<` + pt.name + `>[0-9]{` + string(rune('0'+pt.max)) + `})`)
		}
	}
	b.WriteString("$")
	return &pattern{re: regexp.MustCompile(b.String()), parts: parts}
}

// match matches s against the whole pattern and returns what the id and
// slug placeholders matched ("" for a pattern without them).
func (p *pattern) match(s string) (id, slug string, ok bool) {
	m := patternMatch{parts: p.parts, budget: 64 + 8*len(s)}
	ok = m.at(0, s)
	if m.budget >= 0 {
		return m.id, m.slug, ok
	}
	return p.matchRegexp(s)
}

// matchRegexp is match by the regexp.
func (p *pattern) matchRegexp(s string) (id, slug string, ok bool) {
	sub := p.re.FindStringSubmatch(s)
	if sub == nil {
		return "", "", false
	}
	if i := p.re.SubexpIndex("id"); i > 0 {
		id = sub[i]
	}
	if i := p.re.SubexpIndex("slug"); i > 0 {
		slug = sub[i]
	}
	return id, slug, true
}

// patternMatch is one match in progress.
type patternMatch struct {
	parts    []patternPart
	budget   int // steps (and bytes scanned) left; below 0, the match gave up
	id, slug string
}

// at reports whether s matches parts[i:], setting the captures of the
// first match it finds.
func (m *patternMatch) at(i int, s string) bool {
	if m.budget--; m.budget < 0 {
		return false
	}
	if i == len(m.parts) {
		return s == ""
	}
	pt := m.parts[i]
	if pt.lit != "" {
		return strings.HasPrefix(s, pt.lit) && m.at(i+1, s[len(pt.lit):])
	}
	n := 0
	for n < len(s) && (pt.max == 0 || n < pt.max) && s[n] != '/' && (!pt.digits || '0' <= s[n] && s[n] <= '9') {
		n++
	}
	m.budget -= n
	for ; n >= pt.min; n = lastRuneStart(s, n) {
		if m.at(i+1, s[n:]) {
			switch pt.name {
			case "id":
				m.id = s[:n]
			case "slug":
				m.slug = s[:n]
			}
			return true
		}
		if m.budget < 0 {
			return false
		}
	}
	return false
}

// lastRuneStart returns where the last rune of s[:n] starts (n-1 for a
// byte that is no UTF-8), so that a placeholder ends where the regexp's
// would: between runes.
func lastRuneStart(s string, n int) int {
	_, size := utf8.DecodeLastRuneInString(s[:n])
	return n - max(size, 1)
}
