package build

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"unsafe"

	"dateline/generator/article"
	"dateline/generator/config"
)

// A full build reads every story file twice: once for its metadata, once
// for its body when its page is rendered. The parser copies what it keeps
// out of the file's bytes, so they are read into buffers that are used
// again, not into a new slice each time.

// parseFile reads and parses one story file, keeping its metadata only.
func parseFile(site fs.FS, p string, opt article.Options) *parsed {
	buf := fileBuffers.Get().(*[]byte)
	defer putFileBuffer(buf)
	data, err := readStory(site, p, buf)
	if err != nil {
		return &parsed{diags: []article.Diagnostic{{Path: p, Line: 1, Msg: "cannot read: " + err.Error()}}}
	}
	a, ds := article.Parse(p, data, opt)
	if a != nil {
		a.Body = ""
	}
	return &parsed{a: a, diags: ds, sum: sha256.Sum256(data), listed: listedDigest(a)}
}

// readBody reads a story file again and passes its Markdown body to use:
// the body is the file's bytes in a buffer that is used again after.
func readBody(site fs.FS, cfg *config.Config, p string, use func([]byte) error) error {
	buf := fileBuffers.Get().(*[]byte)
	defer putFileBuffer(buf)
	data, err := readStory(site, p, buf)
	if err != nil {
		return err
	}
	opt := parseOptions(cfg)
	opt.BodyOnly = true
	a, ds := article.Parse(p, data, opt)
	if a == nil {
		return fmt.Errorf("the file changed during the build: %v", ds)
	}
	return use(unsafe.Slice(unsafe.StringData(a.Body), len(a.Body)))
}

var fileBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// putFileBuffer returns a buffer to the pool, unless an unusually large
// file made it big.
func putFileBuffer(buf *[]byte) {
	if cap(*buf) <= 1<<20 {
		fileBuffers.Put(buf)
	}
}

// readStory reads the file at p into *buf, which it grows as needed, and
// returns its bytes: valid until the buffer is used again.
func readStory(fsys fs.FS, p string, buf *[]byte) ([]byte, error) {
	if sd, ok := fsys.(siteDir); ok && fs.ValidPath(p) {
		return sd.readFile(p, buf)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f.Read, buf)
}

// readAll calls read until it reports io.EOF, into *buf, which it grows as
// needed, and returns the bytes read.
func readAll(read func([]byte) (int, error), buf *[]byte) ([]byte, error) {
	b := (*buf)[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	*buf = b
	return b, nil
}
