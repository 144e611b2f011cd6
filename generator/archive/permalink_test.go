package archive_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"dateline/generator/archive"
	"dateline/generator/article"
)

func TestPermalinks(t *testing.T) {
	type placed struct {
		Path      string
		ID        int
		Slug      string
		Permalink string
		File      string
	}
	tests := []struct {
		name     string
		toml     string
		articles []*article.Article
		want     []placed // by path
	}{
		{
			name: "wire URL relative to baseURL's path, on another host",
			toml: `baseURL = "https://x.org/news/"`,
			articles: []*article.Article{
				story("a.txt", "Politics", "A title", "2013-03-03 07:25", withURL("https://other-host.org/news/bericht-5/a.html")),
			},
			want: []placed{{Path: "a.txt", ID: 5, Slug: "a", Permalink: "/bericht-5/a.html", File: "bericht-5/a.html"}},
		},
		{
			name: "wire URL on the sample's baseURL",
			toml: `baseURL = "https://www.uspa24.com/"`,
			articles: []*article.Article{
				story("seed.txt", "Politics", "Putin, Obama task top diplomats", "2013-03-03 06:25",
					withURL("https://www.uspa24.com/bericht-575/putin-obama-task-top-diplomats-to-seek-new-syria-initiatives.html")),
			},
			want: []placed{{Path: "seed.txt", ID: 575, Slug: "putin-obama-task-top-diplomats-to-seek-new-syria-initiatives",
				Permalink: "/bericht-575/putin-obama-task-top-diplomats-to-seek-new-syria-initiatives.html",
				File:      "bericht-575/putin-obama-task-top-diplomats-to-seek-new-syria-initiatives.html"}},
		},
		{
			name: "URL outside baseURL's path keeps its path",
			toml: `baseURL = "https://x.org/news/"`,
			articles: []*article.Article{
				story("a.txt", "Politics", "A", "2013-03-03 07:25", withURL("https://x.org/bericht-5/a.html")),
			},
			want: []placed{{Path: "a.txt", ID: 5, Slug: "a", Permalink: "/bericht-5/a.html", File: "bericht-5/a.html"}},
		},
		{
			name: "URL with percent-escapes keeps them in the permalink, not in the file or slug",
			toml: "",
			articles: []*article.Article{
				story("a.txt", "Politics", "Café", "2013-03-03 07:25", withURL("https://x.org/bericht-9/caf%C3%A9.html")),
			},
			want: []placed{{Path: "a.txt", ID: 9, Slug: "café", Permalink: "/bericht-9/caf%C3%A9.html", File: "bericht-9/café.html"}},
		},
		{
			name: "URL that does not match the pattern: id from front matter, slug from front matter",
			toml: "",
			articles: []*article.Article{
				story("a.md", "Politics", "Wahl in Österreich", "2013-03-03 07:25",
					withURL("/specials/wahl-2013/"), withID(7), withSlug("wahl")),
			},
			want: []placed{{Path: "a.md", ID: 7, Slug: "wahl", Permalink: "/specials/wahl-2013/", File: "specials/wahl-2013/index.html"}},
		},
		{
			name: "URL that does not match the pattern: the next free id, slug from the title",
			toml: "",
			articles: []*article.Article{
				story("b.txt", "Politics", "B", "2013-03-03 07:25", withURL("https://x.org/bericht-575/b.html")),
				story("a.md", "Politics", "Wahl in Österreich", "2013-03-03 07:25", withURL("/specials/wahl-2013")),
			},
			want: []placed{
				{Path: "a.md", ID: 576, Slug: "wahl-in-oesterreich", Permalink: "/specials/wahl-2013", File: "specials/wahl-2013/index.html"},
				{Path: "b.txt", ID: 575, Slug: "b", Permalink: "/bericht-575/b.html", File: "bericht-575/b.html"},
			},
		},
		{
			name: "ids assigned in path order above the largest id",
			toml: "",
			articles: []*article.Article{
				story("content/c.md", "Politics", "C", "2013-03-01 07:25"),
				story("content/a.md", "Politics", "A", "2013-03-03 07:25"),
				story("content/b.md", "Politics", "B", "2013-03-02 07:25", withID(10)),
				story("content/2012/z.md", "Politics", "Z", "2012-03-02 07:25"),
				story("content/d.txt", "Politics", "D", "2013-03-02 07:25", withURL("https://x.org/bericht-4/d.html")),
			},
			want: []placed{
				{Path: "content/2012/z.md", ID: 11, Slug: "z", Permalink: "/bericht-11/z.html", File: "bericht-11/z.html"},
				{Path: "content/a.md", ID: 12, Slug: "a", Permalink: "/bericht-12/a.html", File: "bericht-12/a.html"},
				{Path: "content/b.md", ID: 10, Slug: "b", Permalink: "/bericht-10/b.html", File: "bericht-10/b.html"},
				{Path: "content/c.md", ID: 13, Slug: "c", Permalink: "/bericht-13/c.html", File: "bericht-13/c.html"},
				{Path: "content/d.txt", ID: 4, Slug: "d", Permalink: "/bericht-4/d.html", File: "bericht-4/d.html"},
			},
		},
		{
			name: "first id is 1",
			toml: "",
			articles: []*article.Article{
				story("a.md", "Politics", "A", "2013-03-01 07:25"),
			},
			want: []placed{{Path: "a.md", ID: 1, Slug: "a", Permalink: "/bericht-1/a.html", File: "bericht-1/a.html"}},
		},
		{
			name: "slug: front matter slug, else the title transliterated",
			toml: "",
			articles: []*article.Article{
				story("a.md", "Economy", "Ölpreis steigt über 100 Dollar", "2013-03-01 07:25", withID(1)),
				story("b.md", "Economy", "Ölpreis steigt über 100 Dollar", "2013-03-01 07:25", withID(2), withSlug("oel")),
				story("c.md", "Economy", "Straße für Cafés: 5 Fragen", "2013-03-01 07:25", withID(3)),
				story("d.md", "Economy", "!!!", "2013-03-01 07:25", withID(4)),
			},
			want: []placed{
				{Path: "a.md", ID: 1, Slug: "oelpreis-steigt-ueber-100-dollar", Permalink: "/bericht-1/oelpreis-steigt-ueber-100-dollar.html", File: "bericht-1/oelpreis-steigt-ueber-100-dollar.html"},
				{Path: "b.md", ID: 2, Slug: "oel", Permalink: "/bericht-2/oel.html", File: "bericht-2/oel.html"},
				{Path: "c.md", ID: 3, Slug: "strasse-fuer-cafes-5-fragen", Permalink: "/bericht-3/strasse-fuer-cafes-5-fragen.html", File: "bericht-3/strasse-fuer-cafes-5-fragen.html"},
				{Path: "d.md", ID: 4, Slug: "4", Permalink: "/bericht-4/4.html", File: "bericht-4/4.html"},
			},
		},
		{
			name: "front matter slug is escaped in the permalink",
			toml: "",
			articles: []*article.Article{
				story("a.md", "Economy", "A", "2013-03-01 07:25", withID(1), withSlug("é t")),
			},
			want: []placed{{Path: "a.md", ID: 1, Slug: "é t", Permalink: "/bericht-1/%C3%A9%20t.html", File: "bericht-1/é t.html"}},
		},
		{
			name: "pattern with {beat} {yyyy} {mm} {dd} in the archive's time zone",
			toml: "timezone = \"Europe/Berlin\"\n[permalinks]\narticle = \"/{beat}/{yyyy}/{mm}/{dd}/{id}-{slug}/\"\n",
			articles: []*article.Article{
				story("a.md", "Crude Oil", "Silvester", "2013-12-31 23:30", withID(3)),
				story("b.md", "Politik & Wirtschaft", "März", "2013-03-05 07:25", withID(4)),
			},
			want: []placed{
				{Path: "a.md", ID: 3, Slug: "silvester", Permalink: "/crude-oil/2014/01/01/3-silvester/", File: "crude-oil/2014/01/01/3-silvester/index.html"},
				{Path: "b.md", ID: 4, Slug: "maerz", Permalink: "/politik-wirtschaft/2013/03/05/4-maerz/", File: "politik-wirtschaft/2013/03/05/4-maerz/index.html"},
			},
		},
		{
			name: "URL matching a pattern with {beat} and dates takes id and slug only",
			toml: "[permalinks]\narticle = \"/{beat}/{yyyy}/{id}-{slug}\"\n",
			articles: []*article.Article{
				story("a.md", "Politics", "Title", "2013-12-31 10:00", withURL("/world/2011/8-other-slug")),
			},
			want: []placed{{Path: "a.md", ID: 8, Slug: "other-slug", Permalink: "/world/2011/8-other-slug", File: "world/2011/8-other-slug/index.html"}},
		},
		{
			name: "pattern without {id}: a matching URL gives the slug, the id is the next free one",
			toml: "[permalinks]\narticle = \"/stories/{slug}/\"\n",
			articles: []*article.Article{
				story("a.md", "Politics", "Title", "2013-12-31 10:00", withURL("/stories/from-url/")),
				story("b.md", "Politics", "Second Title", "2013-12-31 10:00"),
			},
			want: []placed{
				{Path: "a.md", ID: 1, Slug: "from-url", Permalink: "/stories/from-url/", File: "stories/from-url/index.html"},
				{Path: "b.md", ID: 2, Slug: "second-title", Permalink: "/stories/second-title/", File: "stories/second-title/index.html"},
			},
		},
		{
			name: "front matter id equal to the URL's is no contradiction",
			toml: "",
			articles: []*article.Article{
				story("a.md", "Politics", "A", "2013-03-03 07:25", withURL("/bericht-5/a.html"), withID(5)),
			},
			want: []placed{{Path: "a.md", ID: 5, Slug: "a", Permalink: "/bericht-5/a.html", File: "bericht-5/a.html"}},
		},
		{
			name: "a story of a beat may live under the beat's folder",
			toml: "[[beats]]\nname = \"Politics\"\n",
			articles: []*article.Article{
				story("a.md", "Politics", "A", "2013-03-03 07:25", withURL("/politics/a.html"), withID(1)),
			},
			want: []placed{{Path: "a.md", ID: 1, Slug: "a", Permalink: "/politics/a.html", File: "politics/a.html"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := build(t, parseConfig(t, tc.toml), tc.articles...)
			byPath := map[string]placed{}
			for _, s := range a.Stories {
				byPath[s.Path] = placed{Path: s.Path, ID: s.ID, Slug: s.Slug, Permalink: s.Permalink, File: s.File}
			}
			var got []placed
			for _, w := range tc.want {
				if p, ok := byPath[w.Path]; ok {
					got = append(got, p)
					delete(byPath, w.Path)
				}
			}
			for _, p := range byPath {
				got = append(got, p)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("stories (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFile(t *testing.T) {
	tests := []struct {
		name      string
		permalink string
		want      string
		wantErr   string
	}{
		{name: "file with an extension", permalink: "/bericht-5/a.html", want: "bericht-5/a.html"},
		{name: "trailing slash", permalink: "/politics/some-story/", want: "politics/some-story/index.html"},
		{name: "no extension", permalink: "/politics/some-story", want: "politics/some-story/index.html"},
		{name: "root", permalink: "/", want: "index.html"},
		{name: "top-level file", permalink: "/story.html", want: "story.html"},
		{name: "percent-escapes decoded", permalink: "/caf%C3%A9/", want: "café/index.html"},
		{name: "escaped space", permalink: "/a%20b.html", want: "a b.html"},
		{name: "plus stays a plus", permalink: "/a+b.html", want: "a+b.html"},
		{name: "double slash", permalink: "/a//b.html", want: "a/b.html"},
		{name: "two extensions", permalink: "/a/b.tar.gz", want: "a/b.tar.gz"},
		{name: "dot in a folder", permalink: "/v1.2/story", want: "v1.2/story/index.html"},
		{name: "no leading slash", permalink: "bericht-5/a.html", wantErr: `permalink "bericht-5/a.html" must be a path starting with "/"`},
		{name: "empty", permalink: "", wantErr: `permalink "" must be a path starting with "/"`},
		{name: "dot dot", permalink: "/a/../b.html", wantErr: `permalink "/a/../b.html" has a ".." segment; it would leave its folder`},
		{name: "dot dot at the end", permalink: "/a/..", wantErr: `permalink "/a/.." has a ".." segment; it would leave its folder`},
		{name: "escaped dot dot", permalink: "/%2e%2e/b.html", wantErr: `permalink "/%2e%2e/b.html" has a ".." segment; it would leave its folder`},
		{name: "dot", permalink: "/./a.html", wantErr: `permalink "/./a.html" has a "." segment; it would leave its folder`},
		{name: "hidden folder", permalink: "/.git/config", wantErr: `permalink "/.git/config" has a hidden segment ".git"`},
		{name: "hidden file", permalink: "/a/.story.html", wantErr: `permalink "/a/.story.html" has a hidden segment ".story.html"`},
		{name: "escaped hidden segment", permalink: "/%2Egit/", wantErr: `permalink "/%2Egit/" has a hidden segment ".git"`},
		{name: "bad escape", permalink: "/a%zz.html", wantErr: `permalink "/a%zz.html" has a bad percent-escape`},
		{name: "escaped slash", permalink: "/a%2Fb.html", wantErr: `permalink "/a%2Fb.html" has a "/", "\" or NUL character in segment "a%2Fb.html"; remove it`},
		{name: "escaped NUL", permalink: "/a%00b.html", wantErr: `permalink "/a%00b.html" has a "/", "\" or NUL character in segment "a%00b.html"; remove it`},
		{name: "backslash", permalink: `/a\..\b.html`, wantErr: `permalink "/a\\..\\b.html" has a "/", "\" or NUL character in segment "a\\..\\b.html"; remove it`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := archive.File(tc.permalink)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if got != tc.want || gotErr != tc.wantErr {
				t.Errorf("File(%q) = %q, %q; want %q, %q", tc.permalink, got, gotErr, tc.want, tc.wantErr)
			}
		})
	}
}

func TestDiagnostics(t *testing.T) {
	md := func(p, beat, title string, opts ...func(*article.Article)) *article.Article {
		return story(p, beat, title, "2013-03-03 07:25", opts...)
	}
	tests := []struct {
		name     string
		toml     string
		articles []*article.Article
		want     []string
	}{
		{
			name: "two stories with one id from their URLs",
			articles: []*article.Article{
				md("b.txt", "Politics", "B", withURL("https://x.org/bericht-5/b.html")),
				md("a.txt", "Politics", "A", withURL("https://x.org/bericht-5/a.html")),
			},
			want: []string{
				"a.txt:9: id 5 is also the id of b.txt; give one story another id",
				"b.txt:9: id 5 is also the id of a.txt; give one story another id",
			},
		},
		{
			name: "two stories with one front matter id",
			articles: []*article.Article{
				md("a.md", "Politics", "A", withID(3)),
				md("b.md", "Politics", "B", withID(3)),
				md("c.md", "Politics", "C", withID(4)),
			},
			want: []string{
				"a.md:1: id 3 is also the id of b.md; give one story another id",
				"b.md:1: id 3 is also the id of a.md; give one story another id",
			},
		},
		{
			name: "two stories with one permalink",
			articles: []*article.Article{
				md("a.md", "Politics", "A", withURL("/specials/x/"), withID(1)),
				md("b.md", "Politics", "B", withURL("/specials/x/index.html"), withID(2)),
			},
			want: []string{
				"a.md:9: permalink /specials/x/ is also the permalink of b.md; change the url or slug of one",
				"b.md:9: permalink /specials/x/index.html is also the permalink of a.md; change the url or slug of one",
			},
		},
		{
			name: "two stories with one slug in a pattern without id",
			toml: "[permalinks]\narticle = \"/{slug}/\"\n",
			articles: []*article.Article{
				md("x/b.md", "Politics", "Same Title"),
				md("a.md", "World", "Same title"),
			},
			want: []string{
				"a.md:1: permalink /same-title/ is also the permalink of x/b.md; change the url or slug of one",
				"x/b.md:1: permalink /same-title/ is also the permalink of a.md; change the url or slug of one",
			},
		},
		{
			name: "permalinks in reserved paths",
			articles: []*article.Article{
				md("a.md", "Politics", "A", withURL("/archive/2013/"), withID(1)),
				md("b.txt", "Politics", "B", withURL("https://x.org/beats/b.html"), withID(2)),
				md("c.md", "Politics", "C", withURL("/imprint/"), withID(3)),
				md("d.md", "Politics", "D", withURL("/feed.xml"), withID(4)),
				md("e.md", "Politics", "E", withURL("/index.html"), withID(5)),
				md("g.md", "Politics", "G", withURL("/search/"), withID(7)),
			},
			want: []string{
				"a.md:9: permalink /archive/2013/ is in /archive/, which dateline reserves for its own pages; change the story's url in its front matter",
				"b.txt:9: permalink /beats/b.html is in /beats/, which dateline reserves for its own pages; change the story's URL after **Article online:**",
				"c.md:9: permalink /imprint/ is in /imprint/, which dateline reserves for its own pages; change the story's url in its front matter",
				"d.md:9: permalink /feed.xml is dateline's own /feed.xml; change the story's url in its front matter",
				"e.md:9: permalink /index.html is dateline's own /index.html; change the story's url in its front matter",
				"g.md:9: permalink /search/ is in /search/, which dateline reserves for its own pages; change the story's url in its front matter",
			},
		},
		{
			name: "permalink of the home page",
			articles: []*article.Article{
				md("f.md", "Politics", "F", withURL("https://x.org"), withID(6)),
			},
			want: []string{
				"f.md:9: permalink / is dateline's own /index.html; change the story's url in its front matter",
			},
		},
		{
			name: "pattern in a reserved path",
			toml: "[permalinks]\narticle = \"/archive/{id}/\"\n",
			articles: []*article.Article{
				md("a.md", "Politics", "A"),
			},
			want: []string{
				"a.md:1: permalink /archive/1/ is in /archive/, which dateline reserves for its own pages; change [permalinks] article in config.toml",
			},
		},
		{
			name: "slug in a reserved path",
			toml: "[permalinks]\narticle = \"/{slug}/\"\n",
			articles: []*article.Article{
				md("a.md", "Politics", "A", withSlug("imprint")),
				md("b.md", "Politics", "Archive"),
			},
			want: []string{
				"a.md:1: permalink /imprint/ is in /imprint/, which dateline reserves for its own pages; set another slug (or url) in the story's front matter",
				"b.md:1: permalink /archive/ is in /archive/, which dateline reserves for its own pages; set another slug (or url) in the story's front matter",
			},
		},
		{
			name: "beat whose slug is reserved, configured",
			toml: "[[beats]]\nname = \"Politics\"\n[[beats]]\nname = \"Archive\"\n",
			articles: []*article.Article{
				md("a.md", "Archive", "A"),
			},
			want: []string{
				`config.toml:1: beat "Archive" would be published at /archive/, which dateline reserves; set slug = "..." for it under [[beats]] in config.toml`,
			},
		},
		{
			name: "beat whose slug is reserved, from a story",
			articles: []*article.Article{
				md("b.md", "Imprint", "B"),
				md("a.md", "Imprint", "A"),
			},
			want: []string{
				`a.md:1: beat "Imprint" would be published at /imprint/, which dateline reserves; set slug = "..." for it under [[beats]] in config.toml`,
			},
		},
		{
			name: "configured beat slug that is reserved",
			toml: "[[beats]]\nname = \"Feeds\"\nslug = \"feed.xml\"\n",
			want: []string{
				`config.toml:1: beat "Feeds" would be published at /feed.xml/, which dateline reserves; set slug = "..." for it under [[beats]] in config.toml`,
			},
		},
		{
			name: "two beats with one slug",
			toml: "[[beats]]\nname = \"Crude Oil\"\n",
			articles: []*article.Article{
				md("a.md", "Crude Oil", "A"),
				md("b.md", "Crude-Oil", "B"),
			},
			want: []string{
				`b.md:1: beats "Crude Oil" and "Crude-Oil" share the URL /crude-oil/; give one a slug under [[beats]] in config.toml`,
			},
		},
		{
			name: "beat without letters",
			articles: []*article.Article{
				md("a.md", "???", "A"),
			},
			want: []string{
				`a.md:1: beat "???" has no letters or digits for its URL; add it to config.toml as [[beats]] with a slug`,
			},
		},
		{
			name: "story permalinks on the pages of a beat",
			toml: "[[beats]]\nname = \"Politics\"\n[[beats]]\nname = \"Sport\"\n",
			articles: []*article.Article{
				md("a.md", "World", "A", withURL("/politics/"), withID(1)),
				md("b.txt", "World", "B", withURL("https://x.org/politics/page/2/"), withID(2)),
				md("c.md", "World", "C", withURL("/world/index.html"), withID(3)),
				md("d.md", "World", "D", withURL("/sport"), withID(4)),
			},
			want: []string{
				"a.md:9: permalink /politics/ is a page of the beat /politics/; change the story's url in its front matter",
				"b.txt:9: permalink /politics/page/2/ is a page of the beat /politics/; change the story's URL after **Article online:**",
				"c.md:9: permalink /world/index.html is a page of the beat /world/; change the story's url in its front matter",
				"d.md:9: permalink /sport is a page of the beat /sport/; change the story's url in its front matter",
			},
		},
		{
			name: "slug on a beat page",
			toml: "[permalinks]\narticle = \"/{slug}/\"\n",
			articles: []*article.Article{
				md("a.md", "Politics", "Politics"),
			},
			want: []string{
				"a.md:1: permalink /politics/ is a page of the beat /politics/; set another slug (or url) in the story's front matter",
			},
		},
		{
			name: "front matter id that contradicts the URL",
			articles: []*article.Article{
				md("a.md", "Politics", "A", withURL("https://x.org/bericht-5/a.html"), withID(4)),
			},
			want: []string{
				`a.md:9: front matter id 4 differs from the id 5 in the URL "https://x.org/bericht-5/a.html"; remove the id`,
			},
		},
		{
			name: "URL with a query or fragment",
			articles: []*article.Article{
				md("a.txt", "Politics", "A", withURL("https://x.org/bericht-5/a.html?ref=rss")),
				md("b.txt", "Politics", "B", withURL("https://x.org/bericht-6/b.html#top")),
			},
			want: []string{
				`a.txt:9: article URL "https://x.org/bericht-5/a.html?ref=rss" has a query or fragment; a permalink is a path only`,
				`b.txt:9: article URL "https://x.org/bericht-6/b.html#top" has a query or fragment; a permalink is a path only`,
			},
		},
		{
			name: "URL that is not a path",
			articles: []*article.Article{
				md("a.md", "Politics", "A", withURL("mailto:desk@x.org")),
				md("b.md", "Politics", "B", withURL("specials/b/")),
				md("c.md", "Politics", "C", withURL("https://x.org/%zz")),
			},
			want: []string{
				`a.md:9: article URL "mailto:desk@x.org" is neither an http(s) URL nor a path starting with "/"`,
				`b.md:9: article URL "specials/b/" is neither an http(s) URL nor a path starting with "/"`,
				`c.md:9: article URL "https://x.org/%zz" is not a URL`,
			},
		},
		{
			name: "URL that would leave the output folder",
			articles: []*article.Article{
				md("a.md", "Politics", "A", withURL("/a/../../etc/"), withID(1)),
				md("b.md", "Politics", "B", withURL("/.well-known/b.html"), withID(2)),
			},
			want: []string{
				`a.md:9: permalink "/a/../../etc/" has a ".." segment; it would leave its folder; change the story's url in its front matter`,
				`b.md:9: permalink "/.well-known/b.html" has a hidden segment ".well-known"; change the story's url in its front matter`,
			},
		},
		{
			name: "all problems, sorted by path and line",
			toml: "[[beats]]\nname = \"Archive\"\n",
			articles: []*article.Article{
				md("z.md", "Politics", "Z", withURL("/archive/z/"), withID(9)),
				md("m.txt", "Politics", "M", withURL("https://x.org/bericht-9/m.html")),
				md("c.md", "Politics", "C", withURL("/c/"), withID(8)),
				md("d.md", "Politics", "D", withURL("/c/"), withID(7), func(a *article.Article) { a.URLLine = 3 }),
			},
			want: []string{
				`c.md:9: permalink /c/ is also the permalink of d.md; change the url or slug of one`,
				`config.toml:1: beat "Archive" would be published at /archive/, which dateline reserves; set slug = "..." for it under [[beats]] in config.toml`,
				`d.md:3: permalink /c/ is also the permalink of c.md; change the url or slug of one`,
				`m.txt:9: id 9 is also the id of z.md; give one story another id`,
				`z.md:9: id 9 is also the id of m.txt; give one story another id`,
				`z.md:9: permalink /archive/z/ is in /archive/, which dateline reserves for its own pages; change the story's url in its front matter`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, diags := archive.New(parseConfig(t, tc.toml), tc.articles)
			if a != nil {
				t.Errorf("archive.New returned an archive of %d stories with diagnostics", len(a.Stories))
			}
			if diff := cmp.Diff(tc.want, diagStrings(diags)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNewKeepsArticles checks that New neither reorders nor changes the
// caller's slice and articles.
func TestNewKeepsArticles(t *testing.T) {
	articles := []*article.Article{
		story("b.md", "Politics", "B", "2013-03-01 10:00"),
		story("a.md", "Politics", "A", "2013-03-02 10:00"),
	}
	build(t, parseConfig(t, ""), articles...)
	got := []string{articles[0].Path, articles[1].Path}
	if diff := cmp.Diff([]string{"b.md", "a.md"}, got); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}
	for _, a := range articles {
		if a.ID != 0 || a.Slug != "" {
			t.Errorf("%s: New set ID %d, Slug %q on the article", a.Path, a.ID, a.Slug)
		}
	}
	if strings.Join(articles[0].Beats, ",") != "Politics" {
		t.Errorf("Beats changed: %v", articles[0].Beats)
	}
}
