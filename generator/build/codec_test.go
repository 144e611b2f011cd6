package build

import (
	"encoding/binary"
	"reflect"
	"testing"
	"time"

	"dateline/generator/article"
)

// filled returns an article with every field set to something not zero, by
// reflection, so that a field added to article.Article and forgotten by the
// cache's codec fails TestCodecRoundTrip.
func filled(t *testing.T) *article.Article {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	a := &article.Article{Notes: &article.Notes{}}
	fill(t, reflect.ValueOf(a).Elem(), berlin)
	fill(t, reflect.ValueOf(a.Notes).Elem(), berlin)
	a.Body = "" // the cache never holds bodies
	return a
}

// fill sets every field of the struct v to a value that is not its zero.
func fill(t *testing.T, v reflect.Value, berlin *time.Location) {
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Interface().(type) {
		case string:
			f.SetString(v.Type().Field(i).Name + " ü\x00")
		case []string:
			f.Set(reflect.ValueOf([]string{"one", "", "three"}))
		case int:
			f.SetInt(int64(-7 - i))
		case article.Format:
			f.SetUint(uint64(200 + i))
		case bool:
			f.SetBool(true)
		case time.Time:
			f.Set(reflect.ValueOf(time.Date(2014, 3, 30, 2, 30+i, 0, 123, berlin)))
		case *article.Notes: // filled by the caller
		default:
			t.Fatalf("%s.%s: a type the test does not know", v.Type(), v.Type().Field(i).Name)
		}
	}
}

// TestCodecRoundTrip: what the cache's encoder writes, its decoder reads
// back equal (times as the same instant with the same offset), and nothing
// of a cut-off cache is trusted.
func TestCodecRoundTrip(t *testing.T) {
	a := filled(t)
	ds := []article.Diagnostic{{Path: "content/a.md", Line: 3, Msg: "m", Warning: true}, {Path: "b", Line: 1, Msg: ""}}
	e := &encoder{}
	e.article(a)
	e.article(nil)
	e.diags(ds)
	e.sum([32]byte{1, 2, 3})
	e.strs(nil)
	d := newDecoder(e.b)
	got, none, gotDs, sum, ss := d.article(), d.article(), d.diags(), d.sum(), d.strs()
	if d.bad || len(d.b) != 0 {
		t.Fatalf("bad %v, %d bytes left", d.bad, len(d.b))
	}
	if got.Path != "" {
		t.Errorf("the path was encoded: %q (the cache's record names the file)", got.Path)
	}
	got.Path = a.Path
	if got.Notes == nil {
		t.Fatal("the notes were not decoded")
	}
	for _, p := range []*time.Time{&a.Date, &a.Lastmod, &a.Notes.Embargo, &got.Date, &got.Lastmod, &got.Notes.Embargo} {
		_, off := p.Zone()
		*p = p.In(time.FixedZone("", off)) // the zone's name is not kept; the offset is
	}
	if !reflect.DeepEqual(got, a) || none != nil || !reflect.DeepEqual(gotDs, ds) || sum != [32]byte{1, 2, 3} || ss != nil {
		t.Errorf("round trip:\n got %+v\nwant %+v\n%v %v %v %v", got, a, none, gotDs, sum, ss)
	}
	for n := range len(e.b) {
		d := newDecoder(e.b[:n])
		d.article()
		d.article()
		d.diags()
		d.sum()
		d.strs()
		if !d.bad {
			t.Fatalf("a cache cut to %d of %d bytes read as good", n, len(e.b))
		}
	}
}

// FuzzDecoder: no bytes make the cache's decoder panic or allocate beyond
// what the input can hold.
func FuzzDecoder(f *testing.F) {
	e := &encoder{}
	e.article(&article.Article{Path: "a.md", Title: "T", Beats: []string{"x"}, Date: time.Unix(1e9, 0)})
	e.diags([]article.Diagnostic{{Path: "a", Line: 1, Msg: "m"}})
	f.Add(e.b)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, data []byte) {
		// The varints are encoding/binary's.
		want, n := binary.Uvarint(data)
		if d := newDecoder(data); d.uint() != want || d.bad != (n <= 0) || !d.bad && len(d.b) != len(data)-n {
			t.Fatalf("uint of %x: %d, bad %v; encoding/binary reads %d from %d bytes", data, want, d.bad, want, n)
		}
		wantInt, n := binary.Varint(data)
		if d := newDecoder(data); d.int() != wantInt || d.bad != (n <= 0) {
			t.Fatalf("int of %x: bad %v; encoding/binary reads %d from %d bytes", data, d.bad, wantInt, n)
		}
		d := newDecoder(data)
		for !d.bad && len(d.b) > 0 {
			d.article()
			d.diags()
			d.strs()
			d.sum()
		}
		// The cache's chunks, as LoadCache decodes them (their strings in data).
		for _, kind := range []byte{parseChunk, storyChunk, pageChunk, 'x'} {
			l := &loaded{paths: []string{"a", "b", "c"}, files: make([]*parsed, 3), states: make([]storyState, 3), pages: make([]string, 20), per: 2}
			if l.decode(kind, 1, newDecoder(data)) && kind == 'x' {
				t.Fatal("a chunk of no known kind decoded")
			}
		}
	})
}

// TestCodecNoNotes: a story without an embargo, a correction, a withdrawal
// or aliases comes back from the cache without notes, as the parser leaves
// it: the pointer, not 88 bytes more for each of a build's stories.
func TestCodecNoNotes(t *testing.T) {
	a := &article.Article{Title: "T", Beats: []string{"Politics"}, ID: 3}
	e := &encoder{}
	e.article(a)
	e.article(&article.Article{Title: "U", Notes: &article.Notes{Withdrawn: "w"}})
	e.article(a)
	d := newDecoder(e.b)
	first, second, third := d.article(), d.article(), d.article()
	if d.bad || first.Notes != nil || third.Notes != nil {
		t.Errorf("notes made for a story without any: %+v, %+v", first.Notes, third.Notes)
	}
	if second.Notes == nil || second.Withdrawn() != "w" {
		t.Errorf("the withdrawal was lost: %+v", second.Notes)
	}
}
