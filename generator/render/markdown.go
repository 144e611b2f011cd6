package render

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gmrender "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// NewMarkdown returns the build's one goldmark instance: CommonMark with
// GitHub tables, strikethrough and autolinks. Raw HTML is shown as text
// (rawHTMLAsText): wire copy is not trusted, and the words inside <...> are
// part of the story ("Standard Oil <SRD> said"). Links with dangerous
// schemes (javascript:, vbscript:, data: outside images) lose their href,
// which goldmark does when unsafe mode is off.
func NewMarkdown() goldmark.Markdown {
	return autolinked{Markdown: newMarkdown(linkify), plain: newMarkdown()}
}

// newMarkdown is NewMarkdown's goldmark with the autolinks of links, or
// none (a test compares linkify with goldmark's own).
func newMarkdown(links ...goldmark.Extender) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(append([]goldmark.Extender{extension.Table, extension.Strikethrough}, links...)...),
		goldmark.WithRendererOptions(
			gmrender.WithNodeRenderers(util.Prioritized(rawHTMLAsText{}, 100)),
		),
	)
}

// rawHTMLAsText renders inline raw HTML and HTML blocks as escaped text
// instead of dropping them (goldmark's safe default) or passing them
// through (its unsafe mode).
type rawHTMLAsText struct{}

func (rawHTMLAsText) RegisterFuncs(reg gmrender.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

func renderRawHTML(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := n.(*ast.RawHTML).Segments
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	var text bytes.Buffer
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		text.Write(seg.Value(source))
	}
	if b.HasClosure() {
		text.Write(b.ClosureLine.Value(source))
	}
	_, _ = w.WriteString("<p>")
	_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(text.Bytes(), "\n")))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// MarkdownHTML renders src with md. goldmark reads src in place: it is
// not copied, and must not change until MarkdownHTML returns.
func MarkdownHTML(md goldmark.Markdown, src []byte) (string, error) {
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := md.Convert(src, bufferWriter{buf}); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// bufferWriter is a bytes.Buffer as goldmark's util.BufWriter: given any
// other writer, goldmark makes a bufio.Writer for every story, and writes
// all of its HTML twice.
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }

var _ util.BufWriter = bufferWriter{}
