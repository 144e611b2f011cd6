package syndicate

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"sync"

	"dateline/generator/render"
)

// file is the bytes of a file being made, and encoders that write into
// them. Files are pooled: a build makes one for every story (its oEmbed
// response) and one of megabytes for every month (its ninjs lines), and
// emit does not keep a page's bytes after it returns.
type file struct {
	buf  bytes.Buffer
	json *json.Encoder // indented as json.MarshalIndent(v, "", "  ") indents
	line *json.Encoder // one value a line, as json.Marshal writes it
}

var files = sync.Pool{New: func() any {
	f := new(file)
	f.json = json.NewEncoder(&f.buf)
	f.json.SetIndent("", "  ")
	f.line = json.NewEncoder(&f.buf)
	return f
}}

// keptFile is the largest buffer the pool keeps. A month's ninjs lines are
// a few megabytes at 100,000 stories and tens at a million; a buffer that
// large is let go, so that the pool does not hold it beside the stories'
// metadata between months.
const keptFile = 16 << 20

// writeFile emits f's bytes at path and puts f back in the pool, empty.
func (s *syndicator) writeFile(path string, f *file) error {
	err := s.write(path, f.buf.Bytes())
	if f.buf.Cap() <= keptFile {
		f.buf.Reset()
		files.Put(f)
	}
	return err
}

func (s *syndicator) write(path string, data []byte) error {
	return s.emit(render.Page{Path: path, Data: data, Kind: render.Feed})
}

// writeJSON writes v as json.MarshalIndent(v, "", "  ") does, and a newline.
func (s *syndicator) writeJSON(path string, v any) error {
	f := files.Get().(*file)
	if err := f.json.Encode(v); err != nil {
		return err // f is dropped: its encoder may be half-way
	}
	return s.writeFile(path, f)
}

// writeXML writes the XML declaration, v as xml.MarshalIndent(v, "", "  ")
// does, and a newline. (An xml.Encoder is not used again: the second value
// it writes starts with a newline.)
func (s *syndicator) writeXML(path string, v any) error {
	f := files.Get().(*file)
	f.buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&f.buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	f.buf.WriteByte('\n')
	return s.writeFile(path, f)
}
