// Package article parses one story file into a typed Article.
//
// Two formats are read, chosen by the file's extension:
//
//   - .txt, the agency's wire format (see wire.go and DESIGN.md): a header of
//     "Key: value" lines (the beat first), a "## " title, a dateline
//     "BYLINE, DD.MM.YYYY, HH:MM Time", a Markdown body, the
//     "**Article online:**" URL and the legal boilerplate, which is dropped.
//   - .md, Markdown with TOML (+++) or YAML (---) front matter and Hugo's keys
//     (see markdown.go).
//
// Parse never panics and never fails silently: every problem is a Diagnostic
// with the file's path and a 1-based line. A file with an error yields no
// Article. Nothing here knows about other articles, the output or the
// configuration file; the caller passes what it needs in Options.
package article

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Format is the file format of a story.
type Format uint8

const (
	Wire     Format = iota + 1 // .txt, the agency's format
	Markdown                   // .md with front matter
)

// Article is one story as its file gives it. Fields the file leaves open
// (ID, Slug, the permalink) are completed by package archive.
type Article struct {
	Path string // the file, relative to the archive folder, slash-separated

	Title   string   // plain text, never Markdown
	Beats   []string // the first is the story's beat
	Byline  string   // the author or place as written; "" for none
	Place   string   // front matter place; "" for none
	Date    time.Time
	Lastmod time.Time // zero when the story was never updated
	Summary string    // plain text: front matter summary, else the lead paragraph
	ID      int       // front matter id; 0 when not given
	Slug    string    // front matter slug; "" when not given
	Draft   bool
	Format  Format // (beside Draft: the struct is a size class smaller)
	// Notes are the embargo, correction, withdrawal and old paths of the few
	// stories an editor gave any; nil for the others. Read them with the
	// methods of the same names.
	Notes *Notes

	// URL is the permalink the file names: the wire "Article online" URL or
	// front matter url, as written; "" when the file names none.
	URL     string
	URLLine int // the line of URL, for diagnostics

	// Body is the Markdown source of the story text. Callers that keep many
	// articles clear it and parse the file again when the page is rendered.
	Body     string
	BodyLine int // the line of the file where Body starts
}

// Beat returns the story's beat.
func (a *Article) Beat() string {
	if len(a.Beats) == 0 {
		return ""
	}
	return a.Beats[0]
}

// Notes are what an editor adds to a few stories. A build holds every
// story's Article in memory: kept apart, they cost the stories without any
// one pointer (a 240-byte Article instead of 320: at 100,000 stories, 8 MB
// less for the collector to keep and scan).
type Notes struct {
	Embargo time.Time // not published before; zero for none
	// Correction is a correction note shown on the story, dated Lastmod.
	Correction string
	// Withdrawn is why the story was withdrawn; "" for a story that stands.
	Withdrawn string
	Aliases   []string // old paths that should lead here
	AliasLine int      // the line of the aliases, for diagnostics
}

// notes returns a's notes, made when it has none.
func (a *Article) notes() *Notes {
	if a.Notes == nil {
		a.Notes = &Notes{}
	}
	return a.Notes
}

// Embargo is when the story may be published; zero for no embargo.
func (a *Article) Embargo() time.Time {
	if a.Notes == nil {
		return time.Time{}
	}
	return a.Notes.Embargo
}

// Correction is the story's correction note; "" for none.
func (a *Article) Correction() string {
	if a.Notes == nil {
		return ""
	}
	return a.Notes.Correction
}

// Withdrawn is why the story was withdrawn; "" for a story that stands.
func (a *Article) Withdrawn() string {
	if a.Notes == nil {
		return ""
	}
	return a.Notes.Withdrawn
}

// Aliases are the old paths that lead to the story, and the line that
// lists them.
func (a *Article) Aliases() (paths []string, line int) {
	if a.Notes == nil {
		return nil, 0
	}
	return a.Notes.Aliases, a.Notes.AliasLine
}

// Diagnostic is one problem in one file.
type Diagnostic struct {
	Path    string // relative to the archive folder
	Line    int    // 1-based
	Msg     string
	Warning bool
}

func (d Diagnostic) String() string {
	if d.Warning {
		return fmt.Sprintf("%s:%d: warning: %s", d.Path, d.Line, d.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", d.Path, d.Line, d.Msg)
}

// Options is what the parsers need to know about the archive.
type Options struct {
	// Location is the time zone of wire times and of front matter dates
	// without an offset.
	Location *time.Location
	// Boilerplate lists legal headings in addition to DefaultBoilerplate.
	Boilerplate []string
	// BodyOnly skips what only the metadata needs (a Markdown story's front
	// matter fields, the summary), for a caller that parses a file again to
	// render its body.
	BodyOnly bool
}

// DefaultBoilerplate are the headings that start the legal boilerplate of a
// wire file.
var DefaultBoilerplate = []string{
	"**Editorial office and responsibility:**",
	"**Exemption from liability:**",
	"**Editorial program service of ",
}

// IsStory reports whether the file at p is a story file: .txt or .md, and not
// a list-page settings file (_index.md) or a hidden file.
func IsStory(p string) bool {
	base := path.Base(p)
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
		return false
	}
	ext := path.Ext(base)
	return ext == ".txt" || ext == ".md"
}

// Parse parses one story file. p is its path relative to the archive folder;
// its extension selects the format.
//
// The metadata's strings are copied out of data (see Pack); the Body, and
// with BodyOnly every field, may be data's own bytes: the caller must not
// change data while it uses them. (A build reads a hundred thousand files
// into a buffer it uses again; copying each file's text first was a tenth
// of all the memory a build allocates.)
func Parse(p string, data []byte, opt Options) (*Article, []Diagnostic) {
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	ds := &diags{path: p}
	text, ok := decodeText(data, ds)
	if !ok {
		return nil, ds.list
	}
	var a *Article
	switch path.Ext(p) {
	case ".txt":
		a = parseWire(text, opt, ds)
	case ".md":
		a = parseMarkdown(text, opt, ds)
	default:
		ds.errorf(1, "not a story file: use .txt (wire) or .md (Markdown)")
	}
	// Sorted by line, as DESIGN.md prints them; stable keeps the order of
	// problems found on one line.
	sort.SliceStable(ds.list, func(i, j int) bool { return ds.list[i].Line < ds.list[j].Line })
	if ds.failed() {
		return nil, ds.list
	}
	a.Path = p
	if opt.BodyOnly {
		return a, ds.list
	}
	if a.Summary == "" {
		a.Summary = Lead(a.Body)
	}
	for _, f := range []*string{&a.Title, &a.Byline, &a.Place, &a.Summary} {
		*f = StripBidi(*f)
	}
	if n := a.Notes; n != nil {
		n.Correction, n.Withdrawn = StripBidi(n.Correction), StripBidi(n.Withdrawn)
	}
	for i := range a.Beats {
		a.Beats[i] = StripBidi(a.Beats[i])
	}
	a.Pack()
	return a, ds.list
}

// Pack copies the article's metadata strings into one block of memory of
// their own. The metadata then holds on to nothing else (its fields may be
// pieces of the file's text), and callers that keep many articles hold one
// block each, not a dozen strings. A slug that the URL spells out, as a
// permalink usually does, is not copied twice: it points into the URL's
// copy. The body is left as it is.
func (a *Article) Pack() {
	fields := []*string{&a.Title, &a.Byline, &a.Place, &a.Summary, &a.URL}
	var aliases []string
	if n := a.Notes; n != nil {
		fields = append(fields, &n.Correction, &n.Withdrawn)
		aliases = n.Aliases
	}
	slugAt := -1
	if a.Slug != "" {
		slugAt = strings.Index(a.URL, a.Slug)
	}
	if slugAt < 0 {
		fields = append(fields, &a.Slug)
	}
	for _, list := range [][]string{a.Beats, aliases} {
		for i := range list {
			fields = append(fields, &list[i])
		}
	}
	n := 0
	for _, f := range fields {
		n += len(*f)
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range fields {
		b.WriteString(*f)
	}
	block := b.String()
	for _, f := range fields {
		*f, block = block[:len(*f)], block[len(*f):]
	}
	if slugAt >= 0 {
		a.Slug = a.URL[slugAt : slugAt+len(a.Slug)]
	}
}

// StripBidi removes the Unicode bidirectional embedding, override and
// isolate controls (U+202A-U+202E, U+2066-U+2069) from a one-line field.
// Shown inline in a list or a dateline, an unterminated override would turn
// the text around it; the body keeps them, since each paragraph is a block
// of its own.
func StripBidi(s string) string {
	if !strings.ContainsAny(s, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return -1
		}
		return r
	}, s)
}

// decodeText checks that data is a non-empty UTF-8 text file and returns it
// without a byte order mark and with LF line ends.
func decodeText(data []byte, ds *diags) (string, bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		ds.errorf(1, "empty file: a story needs a beat, a title, a date and a body")
		return "", false
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		ds.errorf(lineAt(data, i), "binary file (a NUL byte): not a story")
		return "", false
	}
	// utf8.Valid checks eight bytes at a time; rune by rune only to say
	// where a bad file goes wrong.
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				ds.errorf(lineAt(data, i), "not UTF-8 (is it Latin-1 or Windows-1252?): convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8")
				return "", false
			}
			i += size
		}
	}
	if bytes.IndexByte(data, '\r') < 0 {
		return unsafe.String(unsafe.SliceData(data), len(data)), true
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), true
}

// lineAt returns the 1-based line of byte i, counting LF, CRLF and a lone CR
// as line ends, as the parsers do.
func lineAt(data []byte, i int) int {
	n := 1
	for j, c := range data[:i] {
		if c == '\n' || (c == '\r' && (j+1 >= len(data) || data[j+1] != '\n')) {
			n++
		}
	}
	return n
}

// diags collects the diagnostics of one file.
type diags struct {
	path string
	list []Diagnostic
}

func (d *diags) errorf(line int, format string, args ...any) {
	d.list = append(d.list, Diagnostic{Path: d.path, Line: max(line, 1), Msg: fmt.Sprintf(format, args...)})
}

func (d *diags) warnf(line int, format string, args ...any) {
	d.list = append(d.list, Diagnostic{Path: d.path, Line: max(line, 1), Msg: fmt.Sprintf(format, args...), Warning: true})
}

func (d *diags) failed() bool {
	for _, x := range d.list {
		if !x.Warning {
			return true
		}
	}
	return false
}
