package syndicate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"dateline/generator/article"
	"dateline/generator/syndicate"
)

func TestFeeds(t *testing.T) {
	all := []string{"economy/future.md", "economy/oil.md", "economy/markets.md", "politics/election.md", "economy/leap.md", "politics/budget.md"}
	tests := []struct {
		name  string
		extra string // config.toml
		dir   string
		title string
		want  []string // article paths, newest first
	}{
		{"archive", "", "", "USPA News Archive", all},
		{"configured beat", "", "economy/", "Economy – USPA News Archive",
			[]string{"economy/future.md", "economy/oil.md", "economy/markets.md", "economy/leap.md"}},
		{"beat only stories name", "", "politics/", "Politics – USPA News Archive",
			[]string{"politics/election.md", "politics/budget.md"}},
		{"configured beat without stories", "", "culture/", "Culture – USPA News Archive", nil},
		{"items limit", "[feeds]\nitems = 2\n", "", "USPA News Archive", all[:2]},
		{"items limit in a beat", "[feeds]\nitems = 3\n", "economy/", "Economy – USPA News Archive",
			[]string{"economy/future.md", "economy/oil.md", "economy/markets.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, newConfig(t, tt.extra), smallArchive(), syndicate.Options{Now: now})
			home := "https://news.example/" + tt.dir
			var urls []string
			for _, p := range tt.want {
				urls = append(urls, b.url(t, p))
			}
			t.Run("gofeed", func(t *testing.T) {
				for _, f := range []struct{ file, kind string }{{"feed.xml", "rss"}, {"atom.xml", "atom"}, {"feed.json", "json"}} {
					feed, err := gofeed.NewParser().Parse(bytes.NewReader(b.page(t, tt.dir+f.file)))
					if err != nil {
						t.Fatalf("%s: gofeed: %v", f.file, err)
					}
					if feed.FeedType != f.kind || feed.Title != tt.title || feed.Language != "en" {
						t.Errorf("%s: type %q title %q language %q; want %q %q en", f.file, feed.FeedType, feed.Title, feed.Language, f.kind, tt.title)
					}
					if len(feed.Items) != len(tt.want) {
						t.Fatalf("%s: %d items, want %d", f.file, len(feed.Items), len(tt.want))
					}
					for i, it := range feed.Items {
						st := b.stories[tt.want[i]]
						if it.Title != st.Title || it.Link != urls[i] || it.GUID != urls[i] {
							t.Errorf("%s item %d: title %q link %q id %q; want %q %q", f.file, i, it.Title, it.Link, it.GUID, st.Title, urls[i])
						}
						if it.PublishedParsed == nil || !it.PublishedParsed.Equal(st.Date) {
							t.Errorf("%s item %d: published %v, want %v", f.file, i, it.PublishedParsed, st.Date)
						}
						if f.kind != "rss" && (it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(lastChange(st.Lastmod, st.Date))) {
							t.Errorf("%s item %d: updated %v, want %v", f.file, i, it.UpdatedParsed, lastChange(st.Lastmod, st.Date))
						}
						if !strings.Contains(it.Content, "</p>") {
							t.Errorf("%s item %d: content %q is not the story's HTML", f.file, i, it.Content)
						}
					}
				}
			})
			t.Run("rss", func(t *testing.T) {
				var d rssDoc
				decodeXML(t, "feed.xml", b.page(t, tt.dir+"feed.xml"), &d)
				link, self := d.links()
				if d.Version != "2.0" || d.Channel.Title != tt.title || link != home || self != home+"feed.xml" {
					t.Errorf("version %q title %q link %q self %q; want 2.0 %q %q %q", d.Version, d.Channel.Title, link, self, tt.title, home, home+"feed.xml")
				}
				if d.Channel.Description == "" || d.Channel.Copyright != "© 2024 USPA United Press Agency" {
					t.Errorf("description %q copyright %q", d.Channel.Description, d.Channel.Copyright)
				}
				if len(d.Channel.Items) != len(tt.want) {
					t.Fatalf("%d items, want %d", len(d.Channel.Items), len(tt.want))
				}
				for i, it := range d.Channel.Items {
					st := b.stories[tt.want[i]]
					date, err := time.Parse(time.RFC1123Z, it.PubDate)
					if it.Title != st.Title || it.Link != urls[i] || it.GUID != urls[i] || err != nil || !date.Equal(st.Date) || it.Creator != st.Byline {
						t.Errorf("item %d: %q %q %q %q %q; want %q %q %v %q", i, it.Title, it.Link, it.GUID, it.PubDate, it.Creator, st.Title, urls[i], st.Date, st.Byline)
					}
				}
			})
			t.Run("atom", func(t *testing.T) {
				var d atomDoc
				decodeXML(t, "atom.xml", b.page(t, tt.dir+"atom.xml"), &d)
				if d.Title != tt.title || d.Lang != "en" || d.ID != home+"atom.xml" || d.Author != "USPA" {
					t.Errorf("title %q lang %q id %q author %q", d.Title, d.Lang, d.ID, d.Author)
				}
				if len(d.Entries) != len(tt.want) {
					t.Fatalf("%d entries, want %d", len(d.Entries), len(tt.want))
				}
				for i, e := range d.Entries {
					st := b.stories[tt.want[i]]
					checkRFC3339(t, fmt.Sprintf("entry %d published", i), e.Published, st.Date)
					checkRFC3339(t, fmt.Sprintf("entry %d updated", i), e.Updated, lastChange(st.Lastmod, st.Date))
					if e.ID != urls[i] || e.Title != st.Title || e.Link.Href != urls[i] || e.Content.Type != "html" || e.Author != st.Byline {
						t.Errorf("entry %d: %q %q %q %q %q", i, e.ID, e.Title, e.Link.Href, e.Content.Type, e.Author)
					}
				}
			})
			t.Run("json", func(t *testing.T) {
				var d jsonFeedDoc
				if err := json.Unmarshal(b.page(t, tt.dir+"feed.json"), &d); err != nil {
					t.Fatal(err)
				}
				if d.Version != "https://jsonfeed.org/version/1.1" || d.Title != tt.title || d.HomePageURL != home || d.FeedURL != home+"feed.json" || d.Language != "en" {
					t.Errorf("%q %q %q %q %q", d.Version, d.Title, d.HomePageURL, d.FeedURL, d.Language)
				}
				if d.Items == nil || len(d.Items) != len(tt.want) {
					t.Fatalf("items %v, want %d", d.Items, len(tt.want))
				}
				for i, it := range d.Items {
					st := b.stories[tt.want[i]]
					checkRFC3339(t, fmt.Sprintf("item %d date_published", i), it.DatePublished, st.Date)
					checkRFC3339(t, fmt.Sprintf("item %d date_modified", i), it.DateModified, lastChange(st.Lastmod, st.Date))
					if it.ID != urls[i] || it.URL != urls[i] || it.Title != st.Title || len(it.Tags) != 1 || it.Tags[0] != st.Beat.Name {
						t.Errorf("item %d: %q %q %q %v", i, it.ID, it.URL, it.Title, it.Tags)
					}
				}
			})
		})
	}
}

// TestFeedContent checks a story's full text and its edit time in each format.
func TestFeedContent(t *testing.T) {
	b := build(t, newConfig(t, ""), smallArchive(), syndicate.Options{Now: now})
	const html = "<p>Brent gained <strong>3 percent</strong> on Monday.</p>\n<p>Traders were calm.</p>"
	published, edited := at(2024, time.March, 10, 9, 0), at(2024, time.March, 10, 11, 30)
	tests := []struct {
		file string
		item func(t *testing.T) (content, updated string)
	}{
		{"feed.xml", func(t *testing.T) (string, string) {
			var d rssDoc
			decodeXML(t, "feed.xml", b.page(t, "feed.xml"), &d)
			return d.Channel.Items[1].Content, "" // RSS has no updated
		}},
		{"atom.xml", func(t *testing.T) (string, string) {
			var d atomDoc
			decodeXML(t, "atom.xml", b.page(t, "atom.xml"), &d)
			return d.Entries[1].Content.Text, d.Entries[1].Updated
		}},
		{"feed.json", func(t *testing.T) (string, string) {
			var d jsonFeedDoc
			if err := json.Unmarshal(b.page(t, "feed.json"), &d); err != nil {
				t.Fatal(err)
			}
			return d.Items[1].ContentHTML, d.Items[1].DateModified
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			content, updated := tt.item(t)
			if strings.TrimSpace(content) != html {
				t.Errorf("content %q, want %q", content, html)
			}
			if updated != "" {
				checkRFC3339(t, "updated", updated, edited)
			}
		})
	}
	if s := b.stories["economy/oil.md"]; !s.Date.Equal(published) {
		t.Fatalf("test archive changed: oil story at %v", s.Date)
	}
}

func TestFeedItemsDefault(t *testing.T) {
	var stories []story
	for i := range 60 {
		stories = append(stories, story{article.Article{Path: fmt.Sprintf("economy/%02d.md", i), Title: fmt.Sprintf("Story %d", i),
			Beats: []string{"Economy"}, Date: at(2023, time.May, 1, 0, 0).Add(time.Duration(i) * time.Hour), ID: i + 1, Slug: fmt.Sprint("s", i)}, "Text."})
	}
	cfg := newConfig(t, "")
	if cfg.Feeds.Items != 50 {
		t.Fatalf("[feeds] items defaults to %d, want 50", cfg.Feeds.Items)
	}
	b := build(t, cfg, stories, syndicate.Options{Now: now})
	for _, file := range []string{"feed.xml", "atom.xml", "feed.json", "economy/feed.xml", "economy/atom.xml", "economy/feed.json"} {
		t.Run(file, func(t *testing.T) {
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(b.page(t, file)))
			if err != nil {
				t.Fatal(err)
			}
			if len(feed.Items) != 50 || feed.Items[0].Title != "Story 59" || feed.Items[49].Title != "Story 10" {
				t.Errorf("%d items, first %q last %q; want 50 from Story 59 to Story 10", len(feed.Items), feed.Items[0].Title, feed.Items[len(feed.Items)-1].Title)
			}
		})
	}
}

// lastChange is the time a story last changed: its lastmod when it was edited.
func lastChange(lastmod, date time.Time) time.Time {
	if lastmod.After(date) {
		return lastmod
	}
	return date
}

func checkRFC3339(t *testing.T, what, s string, want time.Time) {
	t.Helper()
	got, err := time.Parse(time.RFC3339, s)
	if err != nil || !got.Equal(want) {
		t.Errorf("%s = %q (%v), want %v", what, s, err, want.Format(time.RFC3339))
	}
}
