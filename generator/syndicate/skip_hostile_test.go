package syndicate_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/yuin/goldmark"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/render"
	"dateline/generator/syndicate"
)

func TestSkip(t *testing.T) {
	cfg := newConfig(t, "")
	all := build(t, cfg, smallArchive(), syndicate.Options{Now: now})
	beatFeeds := func(slugs ...string) []string {
		var files []string
		for _, s := range slugs {
			files = append(files, s+"/feed.xml", s+"/atom.xml", s+"/feed.json")
		}
		return files
	}
	tests := []struct {
		name   string
		skip   func(render.Target) bool
		kept   []string
		bodies int // stories whose Body is read
	}{
		{"nothing", nil, nil, 6 + 6 + 4 + 2},
		{"everything", func(render.Target) bool { return true }, slices.Concat(
			[]string{"sitemap-2024-03.xml", "sitemap-2024-01.xml", "ninjs/2024-03.jsonl", "ninjs/2024-01.jsonl"},
			[]string{"oembed/101.json", "oembed/102.json", "oembed/103.json", "oembed/104.json", "oembed/105.json", "oembed/106.json"},
			beatFeeds("economy", "culture", "politics")), 6},
		{"one month", func(tg render.Target) bool { return tg.Year == 2024 && tg.Month == 1 },
			[]string{"sitemap-2024-01.xml", "ninjs/2024-01.jsonl"}, 6 + 5 + 4 + 2},
		{"one beat", func(tg render.Target) bool { return tg.Beat != nil && tg.Beat.Name == "Politics" },
			beatFeeds("politics"), 6 + 6 + 4},
		{"one story", func(tg render.Target) bool { return tg.Story != nil && tg.Story.ID == 105 },
			[]string{"oembed/105.json"}, 6 + 6 + 4 + 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var bodies atomic.Int64
			body := func(st *archive.Story, use func([]byte) error) error {
				bodies.Add(1)
				return use([]byte("Text."))
			}
			b := build(t, cfg, smallArchive(), syndicate.Options{Now: now, Skip: tt.skip, Body: body})
			if got, want := slices.Sorted(maps.Keys(b.pages)), slices.Sorted(maps.Keys(all.pages)); !slices.Equal(got, want) {
				t.Errorf("files %v, want those of a full run %v", got, want)
			}
			var kept []string
			for path, p := range b.pages {
				if p.Kind != render.Feed {
					t.Errorf("%s: Kind %v, want render.Feed", path, p.Kind)
				}
				switch {
				case p.Keep && p.Data != nil:
					t.Errorf("%s: kept with %d bytes", path, len(p.Data))
				case p.Keep:
					kept = append(kept, path)
				case p.Data == nil:
					t.Errorf("%s: neither kept nor written", path)
				}
			}
			slices.Sort(kept)
			if want := slices.Sorted(slices.Values(tt.kept)); !slices.Equal(kept, want) {
				t.Errorf("kept %v, want %v", kept, want)
			}
			if got := bodies.Load(); got != int64(tt.bodies) {
				t.Errorf("read %d bodies, want %d", got, tt.bodies)
			}
			// The index names kept sitemaps too.
			var index indexDoc
			decodeXML(t, "sitemap.xml", b.page(t, "sitemap.xml"), &index)
			if len(index.Sitemaps) != 3 {
				t.Errorf("sitemap.xml lists %d sitemaps, want 3", len(index.Sitemaps))
			}
		})
	}
}

// hostileTitle is wire copy that would end a CDATA section, close the
// title, open a script and end a comment.
const hostileTitle = `Quote ]]> </title> <script>alert("x")</script> --> & done`

func TestHostileCopy(t *testing.T) {
	tests := []struct {
		name     string
		markdown goldmark.Markdown
		body     string
		inHTML   string // text the feeds' content must hold
	}{
		{"Markdown", nil, "Wire ]]> copy \x0b with a vertical tab.\n\n<script>alert(1)</script> -->\n\n`]]>`", "Wire ]]&gt; copy"},
		{"HTML as the renderer gives it", verbatim{}, "<p>raw ]]> end \x0b tab ]]]]>>]]></p>", "<p>raw ]]> end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stories := append(smallArchive(), story{article.Article{Path: "labs/hostile.md", Title: hostileTitle,
				Beats: []string{"R&D <Labs> ]]>"}, Byline: "A <b>writer</b> & co", Summary: "Lead ]]> \x0b -->",
				Date: at(2024, time.March, 10, 10, 0), ID: 200, Slug: "hostile"}, tt.body})
			b := build(t, newConfig(t, ""), stories, syndicate.Options{Now: now, Markdown: tt.markdown})
			for path, p := range b.pages {
				if strings.HasSuffix(path, ".xml") {
					wellFormed(t, path, p.Data)
				}
				if strings.HasSuffix(path, ".json") && !json.Valid(p.Data) {
					t.Errorf("%s is not valid JSON", path)
				}
			}
			url := b.url(t, "labs/hostile.md")
			for _, dir := range []string{"", "r-d-labs/"} {
				var rss rssDoc
				decodeXML(t, dir+"feed.xml", b.page(t, dir+"feed.xml"), &rss)
				var atom atomDoc
				decodeXML(t, dir+"atom.xml", b.page(t, dir+"atom.xml"), &atom)
				var jf jsonFeedDoc
				if err := json.Unmarshal(b.page(t, dir+"feed.json"), &jf); err != nil {
					t.Fatal(err)
				}
				var found int
				for _, it := range rss.Channel.Items {
					if it.Link == url {
						found++
						checkHostile(t, dir+"feed.xml", it.Title, it.Content, tt.inHTML)
					}
				}
				for _, e := range atom.Entries {
					if e.ID == url {
						found++
						checkHostile(t, dir+"atom.xml", e.Title, e.Content.Text, tt.inHTML)
					}
				}
				for _, it := range jf.Items {
					if it.ID == url {
						found++
						if it.Title != hostileTitle || !strings.Contains(it.ContentHTML, tt.inHTML) {
							t.Errorf("%sfeed.json: title %q content %q", dir, it.Title, it.ContentHTML)
						}
					}
				}
				if found != 3 {
					t.Errorf("%s: the story is in %d of the 3 feeds", dir, found)
				}
				for _, file := range []string{"feed.xml", "atom.xml", "feed.json"} {
					feed, err := gofeed.NewParser().Parse(bytes.NewReader(b.page(t, dir+file)))
					if err != nil {
						t.Fatalf("%s%s: gofeed: %v", dir, file, err)
					}
					if !slices.ContainsFunc(feed.Items, func(it *gofeed.Item) bool { return it.Title == hostileTitle && it.Link == url }) {
						t.Errorf("%s%s: gofeed finds no item titled %q", dir, file, hostileTitle)
					}
				}
			}
			var news newsDoc
			decodeXML(t, "news-sitemap.xml", b.page(t, "news-sitemap.xml"), &news)
			if len(news.URLs) == 0 || news.URLs[0].Loc != url || news.URLs[0].News[0].Title != hostileTitle {
				t.Errorf("news sitemap: %+v, want the hostile story first", news.URLs)
			}
			var oe oembedDoc
			if err := json.Unmarshal(b.page(t, "oembed/200.json"), &oe); err != nil {
				t.Fatal(err)
			}
			if iframe := parseIframe(t, oe.HTML); oe.Title != hostileTitle || attr(iframe, "title") != hostileTitle {
				t.Errorf("oEmbed title %q, iframe title %q", oe.Title, attr(iframe, "title"))
			}
			docs := ninjsLines(t, "ninjs/2024-03.jsonl", b.page(t, "ninjs/2024-03.jsonl"))
			if !slices.ContainsFunc(docs, func(d ninjsDoc) bool { return d.URI == url && d.Headlines[0].Value == hostileTitle }) {
				t.Errorf("ninjs has no headline %q", hostileTitle)
			}
		})
	}
}

// checkHostile checks a decoded feed entry: the title as written, the
// content with the story's text and without the control character.
func checkHostile(t *testing.T, where, title, content, inHTML string) {
	t.Helper()
	if title != hostileTitle {
		t.Errorf("%s: title %q, want %q", where, title, hostileTitle)
	}
	if !strings.Contains(content, inHTML) || strings.Contains(content, "\x0b") {
		t.Errorf("%s: content %q, want %q and no U+000B", where, content, inHTML)
	}
}
