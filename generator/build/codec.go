package build

import (
	"encoding/binary"
	"time"
	"unsafe"

	"dateline/generator/article"
)

// The cache's encoding: varints, length-prefixed strings and fixed-size
// sums, in the order the writer and the reader below agree on. It is
// several times faster to read and write than encoding/gob, which matters
// at 100,000 stories, where the cache is read and written by every build
// that has anything to do. A cache written by another binary is never read
// (cacheKey), so the format needs no version of its own.

// encoder appends to b.
type encoder struct {
	b []byte
}

func (e *encoder) uint(v uint64)   { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int64)     { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) sum(s [32]byte)  { e.b = append(e.b, s[:]...) }
func (e *encoder) digest(s digest) { e.b = append(e.b, s[:]...) }

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) strs(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) time(t time.Time) {
	b, err := t.MarshalBinary()
	if err != nil { // a zone offset that is not whole minutes: keep the instant
		b, _ = t.UTC().MarshalBinary()
	}
	e.str(string(b))
}

// article writes a's metadata, not its path (the cache's record of the file
// names it) and not its body.
func (e *encoder) article(a *article.Article) {
	e.bool(a != nil)
	if a == nil {
		return
	}
	e.int(int64(a.Format))
	e.str(a.Title)
	e.strs(a.Beats)
	e.str(a.Byline)
	e.str(a.Place)
	e.time(a.Date)
	e.time(a.Lastmod)
	e.str(a.Summary)
	e.int(int64(a.ID))
	e.str(a.Slug)
	aliases, line := a.Aliases()
	e.strs(aliases)
	e.int(int64(line))
	e.bool(a.Draft)
	e.time(a.Embargo())
	e.str(a.Correction())
	e.str(a.Withdrawn())
	e.str(a.URL)
	e.int(int64(a.URLLine))
	e.int(int64(a.BodyLine))
}

func (e *encoder) diags(ds []article.Diagnostic) {
	e.uint(uint64(len(ds)))
	for _, d := range ds {
		e.str(d.Path)
		e.int(int64(d.Line))
		e.str(d.Msg)
		e.bool(d.Warning)
	}
}

// decoder reads what encoder wrote, from memory (a chunk of the cache, see
// cache.go); after any read past the end or of a length that cannot be,
// bad is set and every read returns zero values.
type decoder struct {
	b     []byte // what is not read yet
	bad   bool
	zones map[int]*time.Location // one fixed zone per offset, not one per time
	notes article.Notes          // the notes of the article being decoded
}

// newDecoder reads b, which its caller never writes again (nor lets
// anything write): the strings it reads are b's memory, not copies, and
// keep b whole for as long as any of them is in use. A cache's chunk is
// read so: decoding copies none of its text, and a chunk of parses stays as
// it was read, to be written again (cachewrite.go).
func newDecoder(b []byte) *decoder { return &decoder{b: b} }

// str reads a string: b's memory (see newDecoder).
func (d *decoder) str() string {
	b := d.bytes(d.count())
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// fail marks the input bad; nothing more is read.
func (d *decoder) fail() { d.bad, d.b = true, nil }

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length of a list whose items take at least one byte each.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

// bytes reads n bytes, b's memory: callers copy what they would change.
func (d *decoder) bytes(n int) []byte {
	if n > len(d.b) {
		d.fail()
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

func (d *decoder) bool() bool { b := d.bytes(1); return len(b) == 1 && b[0] == 1 }
func (d *decoder) sum() (s [32]byte) {
	copy(s[:], d.bytes(32))
	return s
}

func (d *decoder) digest() (s digest) {
	copy(s[:], d.bytes(len(s)))
	return s
}

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}

func (d *decoder) time() time.Time {
	var t time.Time
	if err := t.UnmarshalBinary(d.bytes(d.count())); err != nil {
		d.bad = true
	}
	if name, offset := t.Zone(); name == "" && t.Location() != time.UTC {
		if d.zones == nil {
			d.zones = map[int]*time.Location{}
		}
		if d.zones[offset] == nil {
			d.zones[offset] = t.Location()
		}
		t = t.In(d.zones[offset])
	}
	return t
}

func (d *decoder) article() *article.Article {
	if !d.bool() {
		return nil
	}
	a := &article.Article{}
	a.Format = article.Format(d.int())
	a.Title = d.str()
	a.Beats = d.strs()
	a.Byline = d.str()
	a.Place = d.str()
	a.Date = d.time()
	a.Lastmod = d.time()
	a.Summary = d.str()
	a.ID = int(d.int())
	a.Slug = d.str()
	n := &d.notes
	n.Aliases = d.strs()
	n.AliasLine = int(d.int())
	a.Draft = d.bool()
	n.Embargo = d.time()
	n.Correction = d.str()
	n.Withdrawn = d.str()
	a.URL = d.str()
	a.URLLine = int(d.int())
	a.BodyLine = int(d.int())
	// An article has notes of its own only when it has any (most have none).
	if n.Aliases != nil || n.AliasLine != 0 || !n.Embargo.IsZero() || n.Correction != "" || n.Withdrawn != "" {
		a.Notes = new(*n)
	}
	*n = article.Notes{}
	return a
}

func (d *decoder) diags() []article.Diagnostic {
	n := d.count()
	if n == 0 {
		return nil
	}
	ds := make([]article.Diagnostic, n)
	for i := range ds {
		ds[i] = article.Diagnostic{Path: d.str(), Line: int(d.int()), Msg: d.str(), Warning: d.bool()}
	}
	return ds
}
