package syndicate_test

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/render"
	"dateline/generator/syndicate"
)

// sitemapLimit is sitemaps.org's 50 MiB (52,428,800 bytes).
const sitemapLimit = 50 << 20

// TestSitemapScale builds large archives in memory from metadata alone and
// checks that no sitemap file breaks sitemaps.org's limits and that every
// story is listed exactly once, in the file of its month.
func TestSitemapScale(t *testing.T) {
	beats := []string{"Economy", "Politics", "Sports", "Science"}
	tests := []struct {
		name  string
		n     int
		story func(i int) article.Article
		files map[string]int // month sitemap -> URLs; every month file when complete
	}{
		{
			// 60,000 stories in January 2020 (two files), then 2,500 a month
			// in 2018 and 2019.
			name: "120,000 stories", n: 120000,
			story: func(i int) article.Article {
				date := at(2020, time.January, 1, 0, 0).Add(time.Duration(i) * 44 * time.Second)
				if i >= 60000 {
					k := i - 60000
					date = at(2018+k/2500/12, time.Month(1+k/2500%12), 1, 0, 0).Add(time.Duration(k%2500) * 15 * time.Minute)
				}
				return article.Article{Path: fmt.Sprintf("s/%06d.md", i), Format: article.Markdown, Title: fmt.Sprint("Story ", i),
					Beats: []string{beats[i%len(beats)]}, Date: date, ID: i + 1, Slug: fmt.Sprint("story-", i)}
			},
			files: monthFiles(map[string]int{"sitemap-2020-01.xml": 50000, "sitemap-2020-01-2.xml": 10000}, 2018, 2019, 2500),
		},
		{
			// Permalinks of 2,000 bytes (a Cyrillic slug, escaped) fill 50 MiB
			// long before 50,000 URLs.
			name: "long permalinks", n: 30000,
			story: func(i int) article.Article {
				return article.Article{Path: fmt.Sprintf("s/%06d.md", i), Format: article.Markdown, Title: fmt.Sprint("Story ", i),
					Beats: []string{"Economy"}, Date: at(2021, time.May, 1, 0, 0).Add(time.Duration(i) * time.Minute),
					ID: i + 1, Slug: longSlug}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			articles := make([]*article.Article, tt.n)
			for i := range articles {
				a := tt.story(i)
				articles[i] = &a
			}
			cfg := newConfig(t, "[syndication]\nninjs = false\n")
			a, ds := archive.New(cfg, articles)
			if len(ds) > 0 {
				t.Fatalf("archive.New: %v", ds[:min(len(ds), 3)])
			}
			b := &built{archive: a, pages: map[string]render.Page{}, base: cfg.Base.String()}
			// No Markdown: Syndicate makes its own, as render.Render does.
			// Nor oEmbed: it is kept, as a build keeps unchanged stories.
			err := syndicate.Syndicate(a, syndicate.Options{Config: cfg, Now: now, ListPages: func() []string { return []string{"/", "/economy/"} },
				Skip: func(tg render.Target) bool { return tg.Story != nil },
				Body: func(_ *archive.Story, use func([]byte) error) error { return use([]byte("Short.")) }}, b.collect(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d stories: %v", tt.n, time.Since(start))

			var index indexDoc
			decodeXML(t, "sitemap.xml", b.page(t, "sitemap.xml"), &index)
			listed := map[string]bool{}
			for _, s := range index.Sitemaps {
				listed[strings.TrimPrefix(s.Loc, "https://news.example/")] = true
			}
			seen := map[string]int{}     // URL -> how many month sitemaps list it
			where := map[string]string{} // URL -> the month sitemap
			months := map[string]int{}
			for _, file := range slices.Sorted(maps.Keys(b.pages)) {
				if strings.HasPrefix(file, "ninjs/") {
					t.Errorf("%s written with ninjs = false", file)
				}
				if !strings.HasPrefix(file, "sitemap") {
					continue
				}
				data := b.pages[file].Data
				if len(data) >= sitemapLimit {
					t.Errorf("%s: %d bytes, over 50 MiB", file, len(data))
				}
				if file == "sitemap.xml" {
					if len(index.Sitemaps) > syndicate.MaxURLs {
						t.Errorf("sitemap.xml lists %d sitemaps", len(index.Sitemaps))
					}
					continue
				}
				if !listed[file] {
					t.Errorf("%s is not in sitemap.xml", file)
				}
				delete(listed, file)
				if file == "sitemap-pages.xml" {
					var set urlsetDoc
					decodeXML(t, file, data, &set)
					continue
				}
				// The small tests decode these files; here a scan is enough.
				locs := scanLocs(data)
				if n := bytes.Count(data, []byte("<url>")); n != len(locs) || n > syndicate.MaxURLs || n == 0 {
					t.Errorf("%s: %d <url>, %d <loc>", file, n, len(locs))
				}
				months[file] = len(locs)
				for _, loc := range locs {
					seen[loc]++
					where[loc] = file
				}
			}
			for file := range listed {
				t.Errorf("sitemap.xml lists %s, which was not written", file)
			}
			for _, st := range a.Stories {
				loc := "https://news.example" + st.Permalink
				if seen[loc] != 1 {
					t.Fatalf("%s is in %d month sitemaps, want 1", loc, seen[loc])
				}
				if month := "sitemap-" + st.Date.In(berlin).Format("2006-01"); !strings.HasPrefix(where[loc], month) {
					t.Fatalf("%s (%v) is in %s, not in %s", loc, st.Date, where[loc], month)
				}
			}
			if len(seen) != len(a.Stories) {
				t.Errorf("month sitemaps list %d URLs, want the %d stories", len(seen), len(a.Stories))
			}
			t.Logf("month sitemaps: %d files", len(months))
			if tt.files != nil && !maps.Equal(months, tt.files) {
				t.Errorf("month sitemaps (file: URLs) %v, want %v", months, tt.files)
			}
			if tt.files == nil && len(months) < 2 {
				t.Errorf("month sitemaps %v: the month was not split", months)
			}
		})
	}
}

// scanLocs returns the text of every <loc> in a sitemap.
func scanLocs(data []byte) []string {
	var locs []string
	for {
		_, rest, ok := bytes.Cut(data, []byte("<loc>"))
		if !ok {
			return locs
		}
		loc, rest, _ := bytes.Cut(rest, []byte("</loc>"))
		locs = append(locs, string(loc))
		data = rest
	}
}

// monthFiles adds one sitemap of per URLs for each month of the years from to.
func monthFiles(m map[string]int, from, to, per int) map[string]int {
	for y := from; y <= to; y++ {
		for mo := 1; mo <= 12; mo++ {
			m[fmt.Sprintf("sitemap-%04d-%02d.xml", y, mo)] = per
		}
	}
	return m
}

// longSlug is 322 Cyrillic letters: 1,978 bytes once percent-escaped,
// which keeps each URL within sitemaps.org's 2,048 characters.
var longSlug = strings.Repeat("новости-", 46)
