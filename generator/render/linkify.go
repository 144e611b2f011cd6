package render

import (
	"bytes"
	"io"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkify is goldmark's Linkify extension with a quicker "no". goldmark
// tries it at every space of a story's text (and at *, _, ~ and "("), and
// for every word it looks for an e-mail address; it was an eighth of the
// Markdown's time, and almost no word is a link. quickLinkify answers for
// goldmark's parser where it can only say no, so the autolinks are the same.
var linkify goldmark.Extender = linkifyExtension{}

type linkifyExtension struct{}

func (linkifyExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
	))
}

// autolinked converts a text that could have an autolink with its
// Markdown, which has linkify, and any other with plain, which has not:
// goldmark tries linkify at every space, and a story with none of
// linkPrefixes and no "@" anywhere can have no autolink (most have
// none). Its Parser and Renderer are those of its Markdown. (The one
// difference: goldmark with linkify keeps some of the white space before
// a line break, soft or hard ("a \t\nb" is "a \nb"), and without it keeps
// none, as CommonMark says; a browser shows the two alike.)
type autolinked struct {
	goldmark.Markdown
	plain goldmark.Markdown
}

func (m autolinked) Convert(src []byte, w io.Writer, opts ...parser.ParseOption) error {
	if mayHaveLinks(src) {
		return m.Markdown.Convert(src, w, opts...)
	}
	return m.plain.Convert(src, w, opts...)
}

// linkPrefixes are what each of linkify's URLs starts with.
var linkPrefixes = [][]byte{[]byte("http:"), []byte("https:"), []byte("ftp:"), []byte("www.")}

// mayHaveLinks reports whether src has one of linkPrefixes or an e-mail
// address's "@".
func mayHaveLinks(src []byte) bool {
	if bytes.IndexByte(src, '@') >= 0 {
		return true
	}
	for _, p := range linkPrefixes {
		if bytes.Contains(src, p) {
			return true
		}
	}
	return false
}

// quickLinkify passes to goldmark's linkify parser only the words it could
// make a link of: those starting with one of linkPrefixes (its URLs), and
// those with an "@" in their first 65 bytes (its e-mail addresses: at most
// 64 bytes, then the "@").
type quickLinkify struct{ parser.InlineParser }

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if !mayLink(line) {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// mayLink reports whether goldmark's linkify parser could find a link at
// the start of line, which starts with the character that triggered it. It
// runs for every word of a story that autolinked passes to linkify: it
// compares the first letter before a prefix, and looks for an "@" only as
// far as the word goes.
func mayLink(line []byte) bool {
	if len(line) > 0 {
		switch line[0] { // the parser steps over its trigger, as here
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if len(line) == 0 {
		return false
	}
	for _, p := range linkPrefixes {
		if line[0] == p[0] && bytes.HasPrefix(line, p) {
			return true
		}
	}
	// An e-mail address: at most 64 bytes before the "@", none of them
	// white space (goldmark's util.FindEmailIndex).
	for _, c := range line[:min(len(line), 65)] {
		switch c {
		case '@':
			return true
		case ' ', '\t', '\n', '\v', '\f', '\r':
			return false
		}
	}
	return false
}
