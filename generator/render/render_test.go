package render

import (
	"fmt"
	"net/url"
	"testing"
	"unsafe"

	"dateline/generator/config"
)

func TestRelURL(t *testing.T) {
	for _, c := range []struct{ base, p, want string }{
		{"/", "/bericht-1/a.html", "/bericht-1/a.html"},
		{"/", "css/style.css", "/css/style.css"},
		{"/news/", "/bericht-1/a.html", "/news/bericht-1/a.html"},
		{"/news/", "css/style.css", "/news/css/style.css"},
		{"/a%2Fb/", "/x/", "/a%2Fb/x/"},
		{"/news/", "https://other.example/x", "https://other.example/x"},
	} {
		base, err := url.Parse("https://news.example.org" + c.base)
		if err != nil {
			t.Fatal(err)
		}
		r := &renderer{cfg: &config.Config{Base: base}}
		got := r.relURL(c.p)
		if got != c.want {
			t.Errorf("base %q: relURL(%q) = %q, want %q", c.base, c.p, got, c.want)
		}
		if c.base == "/" && c.p[0] == '/' && unsafe.StringData(got) != unsafe.StringData(c.p) {
			t.Errorf("base %q: relURL(%q) is a copy of the path; an archive at the root links the path itself", c.base, c.p)
		}
	}
}

// TestVariantsKeyIsSprint: partialCached keys its cache as Hugo does, by
// the variants printed; the fast paths print them the same.
func TestVariantsKeyIsSprint(t *testing.T) {
	for _, vs := range [][]any{nil, {}, {"politics"}, {""}, {true}, {false}, {3}, {"a", "b"}, {"a", 1, true}, {nil}} {
		if got, want := variantsKey(vs), fmt.Sprint(vs...); got != want {
			t.Errorf("variantsKey(%#v) = %q, want %q", vs, got, want)
		}
	}
}
