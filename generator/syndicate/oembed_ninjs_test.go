package syndicate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/config"
	"dateline/generator/render"
	"dateline/generator/syndicate"
)

type oembedDoc struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	Title        string `json:"title"`
	AuthorName   string `json:"author_name"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	CacheAge     int    `json:"cache_age"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

func TestOEmbed(t *testing.T) {
	b := build(t, newConfig(t, ""), smallArchive(), syndicate.Options{Now: now})
	var files []string
	for p := range b.pages {
		if strings.HasPrefix(p, "oembed/") {
			files = append(files, p)
		}
	}
	if len(files) != len(b.archive.Stories) {
		t.Errorf("%d oEmbed files, want one for each of the %d stories: %v", len(files), len(b.archive.Stories), files)
	}
	tests := []struct {
		name, path, file, author string
	}{
		{"with byline", "economy/oil.md", "oembed/105.json", "Jane Roe"},
		{"without byline: the agency", "politics/budget.md", "oembed/101.json", "USPA"},
		{"in the future", "economy/future.md", "oembed/106.json", "USPA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d oembedDoc
			if err := json.Unmarshal(b.page(t, tt.file), &d); err != nil {
				t.Fatal(err)
			}
			st := b.stories[tt.path]
			if d.Version != "1.0" || d.Type != "rich" || d.Title != st.Title || d.AuthorName != tt.author {
				t.Errorf("version %q type %q title %q author %q; want 1.0 rich %q %q", d.Version, d.Type, d.Title, d.AuthorName, st.Title, tt.author)
			}
			if d.ProviderName != "USPA" || d.ProviderURL != "https://news.example/" || d.CacheAge <= 0 {
				t.Errorf("provider %q %q cache_age %d", d.ProviderName, d.ProviderURL, d.CacheAge)
			}
			if d.Width != render.EmbedWidth || d.Height != render.EmbedHeight {
				t.Errorf("%dx%d, want %dx%d", d.Width, d.Height, render.EmbedWidth, render.EmbedHeight)
			}
			iframe := parseIframe(t, d.HTML)
			want := map[string]string{"src": fmt.Sprintf("https://news.example/embed/%d/", st.ID),
				"width": fmt.Sprint(d.Width), "height": fmt.Sprint(d.Height), "title": st.Title}
			for k, v := range want {
				if got := attr(iframe, k); got != v {
					t.Errorf("iframe %s=%q, want %q in %s", k, got, v, d.HTML)
				}
			}
		})
	}
}

// parseIframe parses an oEmbed html snippet: one iframe and nothing else.
func parseIframe(t *testing.T, snippet string) *html.Node {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(snippet), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 1 || nodes[0].DataAtom != atom.Iframe {
		t.Fatalf("html %q is not one iframe", snippet)
	}
	return nodes[0]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

type ninjsDoc struct {
	URI            string `json:"uri"`
	Type           string `json:"type"`
	FirstCreated   string `json:"firstcreated"`
	VersionCreated string `json:"versioncreated"`
	Language       string `json:"language"`
	Headlines      []struct {
		Role, Value string
	} `json:"headlines"`
	Bodies []struct {
		Role        string `json:"role"`
		ContentType string `json:"contenttype"`
		Value       string `json:"value"`
	} `json:"bodies"`
	By       *string `json:"by"`
	Located  *string `json:"located"`
	Subjects []struct {
		Name string `json:"name"`
	} `json:"subjects"`
	CopyrightNotice string `json:"copyrightnotice"`
}

// ninjsLines parses a JSON Lines file: one object a line, each line ended.
func ninjsLines(t *testing.T, name string, data []byte) []ninjsDoc {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Errorf("%s does not end in a newline", name)
	}
	var docs []ninjsDoc
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		var d ninjsDoc
		if err := json.Unmarshal(line, &d); err != nil {
			t.Fatalf("%s line %d: %v: %s", name, i+1, err, line)
		}
		docs = append(docs, d)
	}
	return docs
}

func TestNinjs(t *testing.T) {
	type month struct {
		name  string
		paths []string // newest first
	}
	tests := []struct {
		name   string
		extra  string
		months []month // newest first; nil: no ninjs files
	}{
		{"default on", "", []month{
			// leap.md is 2024-02-29 23:30 UTC: March in Berlin.
			{"2024-03", []string{"economy/future.md", "economy/oil.md", "economy/markets.md", "politics/election.md", "economy/leap.md"}},
			{"2024-01", []string{"politics/budget.md"}},
		}},
		{"on", "[syndication]\nninjs = true\n", []month{
			{"2024-03", []string{"economy/future.md", "economy/oil.md", "economy/markets.md", "politics/election.md", "economy/leap.md"}},
			{"2024-01", []string{"politics/budget.md"}},
		}},
		{"off", "[syndication]\nninjs = false\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, newConfig(t, tt.extra), smallArchive(), syndicate.Options{Now: now})
			var files []string
			for p := range b.pages {
				if strings.HasPrefix(p, "ninjs/") {
					files = append(files, p)
				}
			}
			slices.Sort(files)
			var want []string
			for _, m := range tt.months {
				want = append(want, "ninjs/"+m.name+".jsonl")
			}
			if len(want) > 0 {
				want = append(want, "ninjs/index.json")
			}
			slices.Sort(want)
			if !slices.Equal(files, want) {
				t.Fatalf("ninjs files %v, want %v", files, want)
			}
			if len(tt.months) == 0 {
				return
			}
			var index struct {
				Months []struct {
					Month, URL string
					Count      int
				}
			}
			if err := json.Unmarshal(b.page(t, "ninjs/index.json"), &index); err != nil {
				t.Fatal(err)
			}
			if len(index.Months) != len(tt.months) {
				t.Fatalf("index.json lists %d months, want %d", len(index.Months), len(tt.months))
			}
			for i, m := range tt.months {
				im := index.Months[i]
				if im.Month != m.name || im.URL != "https://news.example/ninjs/"+m.name+".jsonl" || im.Count != len(m.paths) {
					t.Errorf("index month %d: %+v, want %s with %d stories", i, im, m.name, len(m.paths))
				}
				file := "ninjs/" + m.name + ".jsonl"
				docs := ninjsLines(t, file, b.page(t, file))
				if len(docs) != len(m.paths) {
					t.Fatalf("%s: %d lines, want %d", file, len(docs), len(m.paths))
				}
				for j, d := range docs {
					checkNinjs(t, fmt.Sprintf("%s line %d", file, j+1), b, m.paths[j], d)
				}
			}
		})
	}
}

func checkNinjs(t *testing.T, where string, b *built, path string, d ninjsDoc) {
	t.Helper()
	st := b.stories[path]
	if d.URI != b.url(t, path) || d.Type != "text" || d.Language != "en" {
		t.Errorf("%s: uri %q type %q language %q", where, d.URI, d.Type, d.Language)
	}
	if len(d.Headlines) != 1 || d.Headlines[0].Value != st.Title {
		t.Errorf("%s: headlines %+v, want %q", where, d.Headlines, st.Title)
	}
	if len(d.Bodies) != 1 || d.Bodies[0].ContentType != "text/html" || !strings.HasPrefix(d.Bodies[0].Value, "<p>") {
		t.Errorf("%s: bodies %+v, want the story's HTML", where, d.Bodies)
	}
	checkRFC3339(t, where+" firstcreated", d.FirstCreated, st.Date)
	checkRFC3339(t, where+" versioncreated", d.VersionCreated, lastChange(st.Lastmod, st.Date))
	if len(d.Subjects) != 1 || d.Subjects[0].Name != st.Beat.Name {
		t.Errorf("%s: subjects %+v, want the beat %q", where, d.Subjects, st.Beat.Name)
	}
	if d.CopyrightNotice != "© 2024 USPA United Press Agency" {
		t.Errorf("%s: copyrightnotice %q", where, d.CopyrightNotice)
	}
	if by := deref(d.By); by != st.Byline || (d.By != nil && by == "") {
		t.Errorf("%s: by %v, want %q (absent when empty)", where, d.By, st.Byline)
	}
	if located := deref(d.Located); located != st.Place || (d.Located != nil && located == "") {
		t.Errorf("%s: located %v, want %q (absent when empty)", where, d.Located, st.Place)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestNinjsTakesTheRendersHTML: a Ninjs handed the stories' HTML by the
// render (in any order, from many goroutines) writes it as it is; a story
// it was not handed (its page was kept) is rendered when it finishes; the
// files equal those of a Syndicate that renders every body itself.
func TestNinjsTakesTheRendersHTML(t *testing.T) {
	cfg := newConfig(t, "[syndication]\nninjs = true\n")
	own := build(t, cfg, smallArchive(), syndicate.Options{Now: now})

	fed := &built{pages: map[string]render.Page{}}
	a, bodies := markdownArchive(t, cfg)
	md := render.NewMarkdown()
	body := func(st *archive.Story, use func([]byte) error) error { return use([]byte(bodies[st.Path])) }
	opt := syndicate.Options{Config: cfg, Now: now, Markdown: md, Body: body}
	opt.Ninjs = syndicate.NewNinjs(a, opt, fed.collect(t))
	var wg sync.WaitGroup
	for i, st := range slices.Backward(a.Stories) {
		if st.Path == "economy/markets.md" {
			continue // its page was kept
		}
		wg.Go(func() {
			html, err := render.MarkdownHTML(md, []byte(bodies[st.Path]))
			if err != nil {
				t.Error(err)
			}
			if err := opt.Ninjs.Story(st, fmt.Sprintf("%s(handed in %d)", html, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := syndicate.Syndicate(a, opt, fed.collect(t)); err != nil {
		t.Fatal(err)
	}
	handedIn := regexp.MustCompile(`\(handed in \d+\)`)
	var n int
	for p, page := range own.pages {
		if !strings.HasPrefix(p, "ninjs/") {
			continue
		}
		got := string(fed.pages[p].Data)
		n += len(handedIn.FindAllString(got, -1))
		if got := handedIn.ReplaceAllString(got, ""); got != string(page.Data) {
			t.Errorf("%s:\n%s\nwant\n%s", p, got, page.Data)
		}
	}
	if want := len(a.Stories) - 1; n != want {
		t.Errorf("%d bodies in the ninjs files were the ones handed in, want %d", n, want)
	}
}

// TestNinjsTakesKeptBodiesFromTheLastFile: in an incremental build, a month
// written again takes the line of a story whose page was kept, body and
// all, from the month's file in the output folder, and renders the story
// when there is no file or it is not one of ours.
func TestNinjsTakesKeptBodiesFromTheLastFile(t *testing.T) {
	cfg := newConfig(t, "[syndication]\nninjs = true\n")
	own := build(t, cfg, smallArchive(), syndicate.Options{Now: now})
	a, bodies := markdownArchive(t, cfg)
	// The last build's files, with the kept story's body marked: as this
	// build wrote them, and as another program might (the same objects, their
	// members in another order).
	keptBody := regexp.MustCompile(`("bodies":\[\{"role":"main","contenttype":"text/html","value":)"(?:[^"\\]|\\.)*"`)
	published, foreign := fstest.MapFS{}, fstest.MapFS{}
	for p, page := range own.pages {
		data, other := page.Data, page.Data
		if strings.HasPrefix(p, "ninjs/") && strings.HasSuffix(p, ".jsonl") {
			data, other = nil, nil
			for line := range bytes.Lines(page.Data) {
				if bytes.Contains(line, []byte("/bericht-104/")) {
					marked := keptBody.ReplaceAll(line, []byte(`$1"<p>from the last file</p>"`))
					if bytes.Equal(marked, line) {
						t.Fatalf("no body to mark in %s", line)
					}
					line = marked
				}
				data = append(data, line...)
				var item map[string]any
				if err := json.Unmarshal(line, &item); err != nil {
					t.Fatal(err)
				}
				l, _ := json.Marshal(item) // members sorted by name
				other = append(append(other, l...), '\n')
			}
		}
		published[p] = &fstest.MapFile{Data: data}
		foreign[p] = &fstest.MapFile{Data: other}
	}
	for _, tc := range []struct {
		name      string
		published fstest.MapFS
		want      bool
	}{{"our file", published, true}, {"not ours", foreign, false}, {"no file", fstest.MapFS{}, false}} {
		t.Run(tc.name, func(t *testing.T) {
			fed := &built{pages: map[string]render.Page{}}
			md := render.NewMarkdown()
			opt := syndicate.Options{Config: cfg, Now: now, Markdown: md, Published: tc.published,
				Body: func(st *archive.Story, use func([]byte) error) error { return use([]byte(bodies[st.Path])) },
				Skip: func(tg render.Target) bool { return tg.Story != nil && tg.Story.Path == "economy/markets.md" }}
			opt.Ninjs = syndicate.NewNinjs(a, opt, fed.collect(t))
			for _, st := range a.Stories {
				if st.Path != "economy/markets.md" {
					html, _ := render.MarkdownHTML(md, []byte(bodies[st.Path]))
					if err := opt.Ninjs.Story(st, html); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := syndicate.Syndicate(a, opt, fed.collect(t)); err != nil {
				t.Fatal(err)
			}
			var all string
			for p, page := range fed.pages {
				if strings.HasPrefix(p, "ninjs/") {
					all += string(page.Data)
				}
			}
			if got := strings.Contains(all, `from the last file`); got != tc.want {
				t.Errorf("the kept body taken from the last file: %v, want %v", got, tc.want)
			}
		})
	}
}

// markdownArchive is smallArchive as Markdown stories, with their bodies by
// path.
func markdownArchive(t *testing.T, cfg *config.Config) (*archive.Archive, map[string]string) {
	t.Helper()
	var articles []*article.Article
	bodies := map[string]string{}
	for _, s := range smallArchive() {
		a := s.Article
		a.Format = article.Markdown
		articles = append(articles, &a)
		bodies[a.Path] = s.body
	}
	a, ds := archive.New(cfg, articles)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return a, bodies
}

// TestSyndicateBesideTheRender: with Options.Rendered still open, the steps
// that take nothing from the render write all their files (the last of
// them ends the "render" here); the list pages are asked for, and the
// pages sitemap, the index and the ninjs files written, only after.
func TestSyndicateBesideTheRender(t *testing.T) {
	cfg := newConfig(t, "")
	stories := smallArchive()
	b := build(t, cfg, stories, syndicate.Options{Now: now})
	rendered := make(chan struct{})
	var mu sync.Mutex
	open := true
	end := func() { // with mu held
		if open {
			open = false
			close(rendered)
		}
	}
	waits := func(p string) bool { // on the render
		return strings.HasPrefix(p, "ninjs/") || p == "sitemap.xml" || strings.HasPrefix(p, "sitemap-pages")
	}
	before := 0 // the files that do not wait, still to come
	for p := range b.pages {
		if !waits(p) {
			before++
		}
	}
	var early []string
	emit := func(p render.Page) error {
		mu.Lock()
		defer mu.Unlock()
		if open && waits(p.Path) {
			early = append(early, p.Path)
		}
		if !waits(p.Path) {
			if before--; before == 0 {
				end()
			}
		}
		return nil
	}
	stuck := time.AfterFunc(time.Minute, func() {
		mu.Lock()
		defer mu.Unlock()
		if open {
			t.Error("nothing was written before the render ended")
			end()
		}
	})
	defer stuck.Stop()
	bodies := map[string]string{}
	for _, s := range stories {
		bodies[s.Path] = s.body
	}
	opt := syndicate.Options{Config: cfg, Now: now, Markdown: render.NewMarkdown(), Rendered: rendered,
		Body: func(st *archive.Story, use func([]byte) error) error { return use([]byte(bodies[st.Path])) },
		ListPages: func() []string {
			select {
			case <-rendered:
			default:
				t.Error("the list pages were asked for before the render ended")
			}
			return []string{"/"}
		}}
	if err := syndicate.Syndicate(b.archive, opt, emit); err != nil {
		t.Fatal(err)
	}
	if len(early) > 0 {
		t.Errorf("written before the render ended: %q", early)
	}
}
