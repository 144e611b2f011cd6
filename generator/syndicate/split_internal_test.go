package syndicate

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	urls := func(n int, loc string) []sitemapURL {
		us := make([]sitemapURL, n)
		for i := range us {
			us[i] = sitemapURL{Loc: fmt.Sprintf("%s%d", loc, i%10), Lastmod: "2024-03-10T09:00:00+01:00"}
		}
		return us
	}
	one := sitemapURL{Loc: "https://news.example/0", Lastmod: "2024-03-10T09:00:00+01:00"}.size()
	tests := []struct {
		name              string
		urls              []sitemapURL
		maxURLs, maxBytes int
		want              []int // URLs per file
	}{
		{"no URLs: one empty file", nil, 3, 1 << 20, []int{0}},
		{"exactly maxURLs", urls(3, "https://news.example/"), 3, 1 << 20, []int{3}},
		{"one past maxURLs", urls(4, "https://news.example/"), 3, 1 << 20, []int{3, 1}},
		{"many files", urls(7, "https://news.example/"), 3, 1 << 20, []int{3, 3, 1}},
		{"bytes first", urls(5, "https://news.example/"), 50000, sitemapSlack + 2*one, []int{2, 2, 1}},
		{"bytes exactly full", urls(4, "https://news.example/"), 50000, sitemapSlack + 4*one, []int{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int
			for _, f := range split(tt.urls, tt.maxURLs, tt.maxBytes) {
				got = append(got, len(f))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("split: files of %v URLs, want %v", got, tt.want)
			}
		})
	}
}

// TestSizeBound checks that size never underestimates what writeXML writes,
// whatever the URL holds.
func TestSizeBound(t *testing.T) {
	tests := []struct {
		name string
		url  sitemapURL
	}{
		{"plain", sitemapURL{Loc: "https://news.example/bericht-1/a.html", Lastmod: "2024-03-10T09:00:00+01:00"}},
		{"no lastmod", sitemapURL{Loc: "https://news.example/"}},
		{"escaped characters", sitemapURL{Loc: "https://news.example/a&b/'x'/\"<>\"/" + strings.Repeat("&", 100)}},
		{"control characters", sitemapURL{Loc: "https://news.example/\x01\x0b\t\n\r"}},
		{"non-ASCII", sitemapURL{Loc: "https://news.example/новости/" + strings.Repeat("ß", 500)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range []int{1, 3} {
				set := urlset{}
				for range n {
					set.URLs = append(set.URLs, tt.url)
				}
				data, err := xml.MarshalIndent(set, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				written := len(xml.Header) + len(data) + 1
				if bound := sitemapSlack + n*tt.url.size(); written > bound {
					t.Errorf("%d URLs: writeXML writes %d bytes, size allows %d", n, written, bound)
				}
			}
		})
	}
}
