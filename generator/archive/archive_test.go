package archive_test

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/config"
)

// parseConfig parses a config.toml for a test.
func parseConfig(t testing.TB, toml string) *config.Config {
	t.Helper()
	c, err := config.Parse([]byte(toml))
	if err != nil {
		t.Fatalf("config.Parse: %v", err)
	}
	return c
}

// story returns an article as the parsers would: path, beat, title and the
// date in UTC ("2013-03-03 07:25"), then changes by opts.
func story(p, beat, title, date string, opts ...func(*article.Article)) *article.Article {
	d, err := time.Parse("2006-01-02 15:04", date)
	if err != nil {
		panic(err)
	}
	a := &article.Article{Path: p, Format: article.Markdown, Title: title, Beats: []string{beat}, Date: d}
	if path.Ext(p) == ".txt" {
		a.Format = article.Wire
	}
	for _, o := range opts {
		o(a)
	}
	return a
}

// withURL sets the article's URL, on line 9 of its file.
func withURL(u string) func(*article.Article) {
	return func(a *article.Article) { a.URL, a.URLLine = u, 9 }
}

func withID(id int) func(*article.Article) {
	return func(a *article.Article) { a.ID = id }
}

func withSlug(slug string) func(*article.Article) {
	return func(a *article.Article) { a.Slug = slug }
}

// build runs archive.New and fails the test on diagnostics.
func build(t testing.TB, c *config.Config, articles ...*article.Article) *archive.Archive {
	t.Helper()
	a, diags := archive.New(c, articles)
	if len(diags) > 0 {
		t.Fatalf("archive.New: unexpected diagnostics:\n%s", strings.Join(diagStrings(diags), "\n"))
	}
	if a == nil {
		t.Fatal("archive.New returned nil and no diagnostics")
	}
	return a
}

func diagStrings(ds []article.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func paths(stories []*archive.Story) []string {
	out := []string{}
	for _, s := range stories {
		out = append(out, s.Path)
	}
	return out
}

const berlin = `timezone = "Europe/Berlin"
[[beats]]
name = "Politics"
description = "Government."
[[beats]]
name = "World"
[[beats]]
name = "Sport"
`

func TestOrder(t *testing.T) {
	tests := []struct {
		name     string
		articles []*article.Article
		want     []string
	}{
		{name: "no stories", want: []string{}},
		{
			name: "newest first",
			articles: []*article.Article{
				story("content/a.md", "Politics", "A", "2013-03-01 10:00"),
				story("content/b.md", "Politics", "B", "2013-03-03 10:00"),
				story("content/c.md", "World", "C", "2013-03-02 10:00"),
			},
			want: []string{"content/b.md", "content/c.md", "content/a.md"},
		},
		{
			name: "ties by path",
			articles: []*article.Article{
				story("content/z.md", "Politics", "Z", "2013-03-01 10:00"),
				story("content/2013/m.txt", "World", "M", "2013-03-01 10:00"),
				story("content/a.md", "Politics", "A", "2013-03-01 10:00"),
				story("content/new.md", "Politics", "N", "2013-03-01 10:01"),
			},
			want: []string{"content/new.md", "content/2013/m.txt", "content/a.md", "content/z.md"},
		},
		{
			name: "same instant in other zones is a tie",
			articles: []*article.Article{
				story("b.md", "Politics", "B", "2013-03-01 10:00", func(a *article.Article) {
					a.Date = a.Date.In(time.FixedZone("CET", 3600))
				}),
				story("a.md", "Politics", "A", "2013-03-01 10:00"),
			},
			want: []string{"a.md", "b.md"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := build(t, parseConfig(t, berlin), tc.articles...)
			if diff := cmp.Diff(tc.want, paths(a.Stories)); diff != "" {
				t.Errorf("Stories (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBeats(t *testing.T) {
	type beat struct {
		Name, Slug, Description string
		Stories                 []string
	}
	tests := []struct {
		name     string
		toml     string
		articles []*article.Article
		want     []beat
	}{
		{
			name: "configured beats first in config order, even without stories, then the others by name",
			toml: berlin,
			articles: []*article.Article{
				story("a.md", "Zoology", "A", "2013-03-01 10:00"),
				story("b.md", "World", "B", "2013-03-02 10:00"),
				story("c.md", "Crude Oil", "C", "2013-03-03 10:00"),
				story("d.md", "Politics", "D", "2013-03-04 10:00"),
				story("e.md", "Politics", "E", "2013-03-05 10:00"),
				story("f.md", "Wirtschaftspolitik & Außenhandel", "F", "2013-03-06 10:00"),
			},
			want: []beat{
				{Name: "Politics", Slug: "politics", Description: "Government.", Stories: []string{"e.md", "d.md"}},
				{Name: "World", Slug: "world", Stories: []string{"b.md"}},
				{Name: "Sport", Slug: "sport", Stories: []string{}},
				{Name: "Crude Oil", Slug: "crude-oil", Stories: []string{"c.md"}},
				{Name: "Wirtschaftspolitik & Außenhandel", Slug: "wirtschaftspolitik-aussenhandel", Stories: []string{"f.md"}},
				{Name: "Zoology", Slug: "zoology", Stories: []string{"a.md"}},
			},
		},
		{
			name: "beat names match the configured ones case-insensitively",
			toml: berlin,
			articles: []*article.Article{
				story("a.md", "politics", "A", "2013-03-01 10:00"),
				story("b.md", "POLITICS", "B", "2013-03-02 10:00"),
			},
			want: []beat{
				{Name: "Politics", Slug: "politics", Description: "Government.", Stories: []string{"b.md", "a.md"}},
				{Name: "World", Slug: "world", Stories: []string{}},
				{Name: "Sport", Slug: "sport", Stories: []string{}},
			},
		},
		{
			name: "an unconfigured beat takes its name from the first file by path",
			toml: "",
			articles: []*article.Article{
				story("b.md", "crude oil", "B", "2013-03-02 10:00"),
				story("a.md", "Crude Oil", "A", "2013-03-01 10:00"),
			},
			want: []beat{{Name: "Crude Oil", Slug: "crude-oil", Stories: []string{"b.md", "a.md"}}},
		},
		{
			name: "configured slug",
			toml: "[[beats]]\nname = \"Crude Oil\"\nslug = \"oil\"\n",
			articles: []*article.Article{
				story("a.md", "Crude Oil", "A", "2013-03-01 10:00"),
			},
			want: []beat{{Name: "Crude Oil", Slug: "oil", Stories: []string{"a.md"}}},
		},
		{
			name: "German beat names",
			toml: "[[beats]]\nname = \"Außenpolitik\"\n",
			articles: []*article.Article{
				story("a.md", "Außenpolitik", "A", "2013-03-01 10:00"),
				story("b.md", "Börse & Märkte", "B", "2013-03-01 10:00"),
				story("c.md", "Café Müller", "C", "2013-03-01 10:00"),
			},
			want: []beat{
				{Name: "Außenpolitik", Slug: "aussenpolitik", Stories: []string{"a.md"}},
				{Name: "Börse & Märkte", Slug: "boerse-maerkte", Stories: []string{"b.md"}},
				{Name: "Café Müller", Slug: "cafe-mueller", Stories: []string{"c.md"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := build(t, parseConfig(t, tc.toml), tc.articles...)
			var got []beat
			for _, b := range a.Beats {
				got = append(got, beat{Name: b.Name, Slug: b.Slug, Description: b.Description, Stories: paths(b.Stories)})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Beats (-want +got):\n%s", diff)
			}
			for _, s := range a.Stories {
				if s.Beat == nil || !strings.EqualFold(s.Beat.Name, s.Article.Beat()) {
					t.Errorf("%s: Beat = %+v, want the beat %q", s.Path, s.Beat, s.Article.Beat())
				}
			}
		})
	}
}

// dates prints a.Years as "YYYY", "YYYY-MM" and "YYYY-MM-DD" lines, each
// with its stories.
func dates(a *archive.Archive) []string {
	var out []string
	for _, y := range a.Years {
		out = append(out, fmt.Sprintf("%d %v", y.Year, paths(y.Stories)))
		for _, m := range y.Months {
			out = append(out, fmt.Sprintf("%d-%02d %v", m.Year, m.Month, paths(m.Stories)))
			for _, d := range m.Days {
				out = append(out, fmt.Sprintf("%s %v", d.Date.Format("2006-01-02T15:04 MST"), paths(d.Stories)))
			}
		}
	}
	return out
}

func TestDates(t *testing.T) {
	tests := []struct {
		name     string
		toml     string
		articles []*article.Article
		want     []string
	}{
		{
			name: "years, months and days newest first",
			toml: berlin,
			articles: []*article.Article{
				story("a.md", "Politics", "A", "2012-11-05 10:00"),
				story("b.md", "Politics", "B", "2013-03-03 06:25"),
				story("c.md", "World", "C", "2013-03-03 09:00"),
				story("d.md", "World", "D", "2013-03-01 09:00"),
				story("e.md", "World", "E", "2013-02-27 09:00"),
			},
			want: []string{
				"2013 [c.md b.md d.md e.md]",
				"2013-03 [c.md b.md d.md]",
				"2013-03-03T00:00 CET [c.md b.md]",
				"2013-03-01T00:00 CET [d.md]",
				"2013-02 [e.md]",
				"2013-02-27T00:00 CET [e.md]",
				"2012 [a.md]",
				"2012-11 [a.md]",
				"2012-11-05T00:00 CET [a.md]",
			},
		},
		{
			name: "23:30 UTC on December 31 is January 1 in Berlin",
			toml: berlin,
			articles: []*article.Article{
				story("late.md", "Politics", "Late", "2013-12-31 23:30"),
				story("early.md", "Politics", "Early", "2013-12-31 22:30"),
			},
			want: []string{
				"2014 [late.md]",
				"2014-01 [late.md]",
				"2014-01-01T00:00 CET [late.md]",
				"2013 [early.md]",
				"2013-12 [early.md]",
				"2013-12-31T00:00 CET [early.md]",
			},
		},
		{
			name: "the same story in UTC stays in its year",
			toml: "",
			articles: []*article.Article{
				story("late.md", "Politics", "Late", "2013-12-31 23:30"),
			},
			want: []string{
				"2013 [late.md]",
				"2013-12 [late.md]",
				"2013-12-31T00:00 UTC [late.md]",
			},
		},
		{
			name: "the same day of two months are two days",
			toml: berlin,
			articles: []*article.Article{
				story("a.md", "Politics", "A", "2013-04-03 10:00"),
				story("b.md", "Politics", "B", "2013-03-03 10:00"),
			},
			want: []string{
				"2013 [a.md b.md]",
				"2013-04 [a.md]",
				"2013-04-03T00:00 CEST [a.md]",
				"2013-03 [b.md]",
				"2013-03-03T00:00 CET [b.md]",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := build(t, parseConfig(t, tc.toml), tc.articles...)
			if diff := cmp.Diff(tc.want, dates(a)); diff != "" {
				t.Errorf("Years (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDateRunsDoNotOverlap: a year's, month's or day's stories are a run
// of the archive's list, and an append to one copies it rather than writes
// over the next.
func TestDateRunsDoNotOverlap(t *testing.T) {
	a := build(t, parseConfig(t, berlin),
		story("a.md", "Politics", "A", "2013-03-03 10:00"),
		story("b.md", "Politics", "B", "2013-03-02 10:00"),
		story("c.md", "Politics", "C", "2013-02-02 10:00"))
	m := a.Years[0].Months[0]
	_ = append(m.Days[0].Stories, a.Stories[2])
	_ = append(m.Stories, a.Stories[0])
	if got := dates(a); !slices.Equal(got, []string{
		"2013 [a.md b.md c.md]",
		"2013-03 [a.md b.md]",
		"2013-03-03T00:00 CET [a.md]",
		"2013-03-02T00:00 CET [b.md]",
		"2013-02 [c.md]",
		"2013-02-02T00:00 CET [c.md]",
	}) {
		t.Errorf("after appends: %q", got)
	}
}

func TestOlderNewer(t *testing.T) {
	a := build(t, parseConfig(t, berlin),
		story("p1.md", "Politics", "P1", "2013-03-01 10:00"),
		story("w1.md", "World", "W1", "2013-03-02 10:00"),
		story("p2.md", "Politics", "P2", "2013-03-03 10:00"),
		story("p3.md", "Politics", "P3", "2013-03-04 10:00"),
		story("w2.md", "World", "W2", "2013-03-05 10:00"),
		story("s1.md", "Sport", "S1", "2013-03-06 10:00"),
	)
	name := func(s *archive.Story) string {
		if s == nil {
			return "-"
		}
		return s.Path
	}
	got := map[string]string{}
	for _, s := range a.Stories {
		got[s.Path] = "older " + name(s.Older) + ", newer " + name(s.Newer)
	}
	want := map[string]string{
		"p3.md": "older p2.md, newer -",
		"p2.md": "older p1.md, newer p3.md",
		"p1.md": "older -, newer p2.md",
		"w2.md": "older w1.md, newer -",
		"w1.md": "older -, newer w2.md",
		"s1.md": "older -, newer -",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Older/Newer (-want +got):\n%s", diff)
	}
}
