package syndicate_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/generator/article"
	"dateline/generator/syndicate"
)

func TestSitemaps(t *testing.T) {
	tests := []struct {
		name      string
		base      string
		listPages []string
		months    map[string][]string // sitemap file -> article paths, newest first
		lastmod   map[string]time.Time
	}{
		{
			name: "months in the archive's time zone", base: "https://news.example/",
			listPages: []string{"/", "/economy/", "/archive/2024/03/"},
			months: map[string][]string{
				// leap.md is 2024-02-29 23:30 UTC: March in Berlin, so no sitemap-2024-02.xml.
				"sitemap-2024-03.xml": {"economy/future.md", "economy/oil.md", "economy/markets.md", "politics/election.md", "economy/leap.md"},
				"sitemap-2024-01.xml": {"politics/budget.md"},
			},
			lastmod: map[string]time.Time{"sitemap-2024-03.xml": at(2024, time.March, 11, 8, 0), "sitemap-2024-01.xml": at(2024, time.January, 15, 14, 0)},
		},
		{
			name: "base URL with a path", base: "https://news.example/archiv/",
			listPages: []string{"/"},
			months: map[string][]string{
				"sitemap-2024-03.xml": {"economy/future.md", "economy/oil.md", "economy/markets.md", "politics/election.md", "economy/leap.md"},
				"sitemap-2024-01.xml": {"politics/budget.md"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, newConfigAt(t, tt.base, ""), smallArchive(), syndicate.Options{Now: now, ListPages: func() []string { return tt.listPages }})
			var index indexDoc
			decodeXML(t, "sitemap.xml", b.page(t, "sitemap.xml"), &index)
			var listed []string
			for _, s := range index.Sitemaps {
				file, ok := strings.CutPrefix(s.Loc, tt.base)
				if !ok {
					t.Errorf("index lists %s, outside %s", s.Loc, tt.base)
				}
				listed = append(listed, file)
				if want, ok := tt.lastmod[file]; ok {
					checkRFC3339(t, file+" lastmod in the index", s.Lastmod, want)
				}
			}
			var emitted []string
			for p := range b.pages {
				if strings.HasPrefix(p, "sitemap-") {
					emitted = append(emitted, p)
				}
			}
			slices.Sort(emitted)
			if want := []string{"sitemap-2024-01.xml", "sitemap-2024-03.xml", "sitemap-pages.xml"}; !slices.Equal(emitted, want) {
				t.Errorf("sitemap files %v, want %v", emitted, want)
			}
			if want := []string{"sitemap-2024-03.xml", "sitemap-2024-01.xml", "sitemap-pages.xml"}; !slices.Equal(listed, want) {
				t.Errorf("index lists %v, want %v (newest month first, pages last)", listed, want)
			}
			for file, paths := range tt.months {
				var set urlsetDoc
				decodeXML(t, file, b.page(t, file), &set)
				if len(set.URLs) != len(paths) {
					t.Fatalf("%s: %d URLs, want %d", file, len(set.URLs), len(paths))
				}
				for i, u := range set.URLs {
					st := b.stories[paths[i]]
					if u.Loc != b.url(t, paths[i]) {
						t.Errorf("%s URL %d: %s, want %s", file, i, u.Loc, b.url(t, paths[i]))
					}
					checkRFC3339(t, fmt.Sprintf("%s URL %d lastmod", file, i), u.Lastmod, lastChange(st.Lastmod, st.Date))
				}
			}
			var pages urlsetDoc
			decodeXML(t, "sitemap-pages.xml", b.page(t, "sitemap-pages.xml"), &pages)
			var locs []string
			for _, u := range pages.URLs {
				locs = append(locs, u.Loc)
			}
			var want []string
			for _, p := range tt.listPages {
				want = append(want, tt.base+strings.TrimPrefix(p, "/"))
			}
			if !slices.Equal(locs, want) {
				t.Errorf("pages sitemap %v, want %v", locs, want)
			}
		})
	}
}

func TestNewsSitemap(t *testing.T) {
	// 1,200 stories in the last 40 hours before burstNow, one every two minutes.
	burstNow := at(2023, time.June, 2, 12, 0)
	var burst []story
	var burstWant []string
	for i := range 1200 {
		p := fmt.Sprintf("economy/%04d.md", i)
		burst = append(burst, story{article.Article{Path: p, Title: fmt.Sprint("Flash ", i), Beats: []string{"Economy"},
			Date: burstNow.Add(-time.Duration(i) * 2 * time.Minute), ID: i + 1, Slug: fmt.Sprint("flash-", i)}, "Flash."})
		if i < syndicate.NewsMax {
			burstWant = append(burstWant, p)
		}
	}
	tests := []struct {
		name    string
		stories []story
		now     time.Time
		want    []string // article paths, newest first
	}{
		{"last two days, not the future", smallArchive(), now, []string{"economy/oil.md", "economy/markets.md"}},
		{"exactly 48 hours old is in", smallArchive(), at(2024, time.March, 10, 10, 0),
			[]string{"economy/oil.md", "economy/markets.md", "politics/election.md"}},
		{"a story the moment it is published", smallArchive(), at(2024, time.March, 11, 8, 0),
			[]string{"economy/future.md", "economy/oil.md", "economy/markets.md"}},
		{"nothing recent", smallArchive(), at(2025, time.January, 1, 0, 0), nil},
		{"at most 1,000", burst, burstNow, burstWant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, newConfig(t, "[syndication]\nninjs = false\n"), tt.stories, syndicate.Options{Now: tt.now})
			var d newsDoc
			decodeXML(t, "news-sitemap.xml", b.page(t, "news-sitemap.xml"), &d)
			if len(d.URLs) != len(tt.want) {
				t.Fatalf("%d URLs, want %d", len(d.URLs), len(tt.want))
			}
			for i, u := range d.URLs {
				st := b.stories[tt.want[i]]
				if u.Loc != b.url(t, tt.want[i]) {
					t.Errorf("URL %d: loc %q, want %q", i, u.Loc, b.url(t, tt.want[i]))
				}
				if len(u.News) != 1 || len(u.News[0].Publication) != 1 {
					t.Fatalf("URL %d: %d news:news, want 1 with 1 news:publication: %+v", i, len(u.News), u.News)
				}
				n := u.News[0]
				if n.Publication[0].Name != "USPA" || n.Publication[0].Language != "en" || n.Title != st.Title {
					t.Errorf("URL %d: name %q language %q title %q; want USPA en %q", i, n.Publication[0].Name, n.Publication[0].Language, n.Title, st.Title)
				}
				checkRFC3339(t, fmt.Sprintf("URL %d news:publication_date", i), n.PublicationDate, st.Date)
				if st.Date.After(tt.now) || tt.now.Sub(st.Date) > syndicate.NewsWindow {
					t.Errorf("URL %d: published %v, outside the two days before %v", i, st.Date, tt.now)
				}
			}
		})
	}
}

func TestRobots(t *testing.T) {
	tests := []struct {
		name, base string
		want       []string
	}{
		{"root", "https://news.example/", []string{"User-agent: *", "Disallow: /embed/",
			"Sitemap: https://news.example/sitemap.xml", "Sitemap: https://news.example/news-sitemap.xml"}},
		{"base URL with a path", "https://news.example/archiv/", []string{"Disallow: /archiv/embed/",
			"Sitemap: https://news.example/archiv/sitemap.xml", "Sitemap: https://news.example/archiv/news-sitemap.xml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, newConfigAt(t, tt.base, ""), smallArchive(), syndicate.Options{Now: now})
			lines := strings.Split(string(b.page(t, "robots.txt")), "\n")
			for _, w := range tt.want {
				if !slices.Contains(lines, w) {
					t.Errorf("robots.txt has no line %q:\n%s", w, strings.Join(lines, "\n"))
				}
			}
		})
	}
}
