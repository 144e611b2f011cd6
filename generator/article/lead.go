package article

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// maxLead is the longest Summary, in runes, that Lead returns.
const maxLead = 300

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdAutolink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]*)>`)
	mdMarks    = strings.NewReplacer("**", "", "__", "", "`", "", "\\", "")
	// mdBlock is a heading, quote or list marker; "-5" and "+49" are text.
	mdBlock = regexp.MustCompile(`^(?:#{1,6}[ \t]+|>[ \t]?|[-+*][ \t]+)+`)
	mdStar  = regexp.MustCompile(`\*([^*\s](?:[^*]*[^*\s])?)\*`)
	mdUnder = regexp.MustCompile(`(^|[^\pL\pN_])_([^_\s](?:[^_]*[^_\s])?)_([^\pL\pN_]|$)`)
)

// Lead returns the first paragraph of a Markdown body as plain text, cut at
// a word boundary to at most 300 characters, for lists and metadata. It is a
// cheap approximation; the page itself renders the Markdown.
func Lead(body string) string {
	return cutLead(collapseSpace(leadText(body)))
}

// leadText returns the first paragraph of body without its Markdown marks,
// its white space as it is.
func leadText(body string) string {
	body = strings.TrimLeft(body, "\n")
	para, _, _ := strings.Cut(body, "\n\n")
	var lines []string
	for _, l := range strings.Split(para, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && strings.IndexByte("#>-+*", l[0]) >= 0 {
			l = stripBlockMarks(l)
		}
		if strings.HasPrefix(l, "|") {
			continue
		}
		lines = append(lines, l)
	}
	s := strings.Join(lines, " ")
	if strings.Contains(s, "](") {
		s = mdLink.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "<") {
		s = mdAutolink.ReplaceAllString(s, "$1")
	}
	s = mdMarks.Replace(s)
	if strings.Contains(s, "*") {
		s = mdStar.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "_") {
		s = mdUnder.ReplaceAllString(s, "$1$2$3")
	}
	return s
}

// stripBlockMarks removes the heading, quote and list markers that start
// line: mdBlock.ReplaceAllString(line, ""), without its two copies of the
// line when there are none (a lead-in in bold, "**USPA News** - ...",
// starts with "*" but has none). mdBlock is anchored: its match is a prefix.
func stripBlockMarks(line string) string {
	if m := mdBlock.FindStringIndex(line); m != nil {
		return line[m[1]:]
	}
	return line
}

// cutLead cuts s at a word boundary to at most maxLead characters.
func cutLead(s string) string {
	if utf8.RuneCountInString(s) <= maxLead {
		return s
	}
	cut := s
	if utf8.ValidString(s) {
		n := 0
		for i := range s {
			if n == maxLead {
				cut = s[:i]
				break
			}
			n++
		}
	} else {
		cut = string([]rune(s)[:maxLead])
	}
	if i := strings.LastIndexByte(cut, ' '); i > maxLead/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + " …"
}

// collapseSpace returns s with its runs of white space as one space each
// and none at either end, as strings.Join(strings.Fields(s), " ") does,
// with one allocation, or none when s is already so.
func collapseSpace(s string) string {
	clean := true
	for i := 0; i < len(s) && clean; i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			clean = false
		case c == ' ':
			clean = i > 0 && i < len(s)-1 && s[i+1] != ' '
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for f := range strings.FieldsSeq(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}
