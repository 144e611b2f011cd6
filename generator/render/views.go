package render

import (
	"html/template"
	"strings"
	"time"
)

// The types below are what templates see. They use Hugo's names where they
// mean the same thing (.Title, .Content, .Permalink, .RelPermalink, .Date,
// .Lastmod, .Summary, .Pages, .Paginator, .Params, site.Title, ...). They are
// separate from the archive model so that templates cannot reach file paths
// or parser state.

// Site is the archive as a whole: `site` in templates.
type Site struct {
	Title        string
	BaseURL      string // absolute, ending in "/"
	LanguageCode string // "en" or "de"
	Agency       string // the agency's name
	Copyright    string
	Footer       template.HTML // the legal footer, rendered from config.toml
	Beats        []*BeatView   // all beats, in the archive's order (no counts: see View.Beats)
	Years        []*DateLink   // all years, newest first (no counts: see View.Dates)
	Feeds        []*FeedLink   // the archive's RSS, Atom and JSON feeds
	Params       map[string]any
}

// View is one page as templates see it: `.` in templates.
type View struct {
	Kind         string // home, article, beat, beats, archive, imprint, 404
	Title        string
	Description  string // plain text, for meta tags
	Permalink    string // absolute URL
	RelPermalink string // path from the host, starting with "/"
	Noindex      bool   // true for pages search engines should skip (404)

	// Article pages.
	ID      int
	Date    time.Time // in the archive's time zone
	Lastmod time.Time // zero when never updated
	Byline  string
	Place   string
	Beat    *BeatView
	Content template.HTML
	Summary string
	Older   *StoryLink // previous story in the beat
	Newer   *StoryLink // next story in the beat
	Draft   bool       // a draft, built with --drafts
	// Correction is the story's correction note, dated Lastmod (or Date).
	Correction     string
	CorrectionDate time.Time
	// Withdrawn is why the story was withdrawn: its page and embed card
	// are a notice.
	Withdrawn string
	// Target is where an alias page redirects.
	Target *Link

	// List pages.
	Pages       []*StoryLink // the stories listed, newest first
	Paginator   *Paginator   // beat pages
	Beats       []*BeatView  // home and /beats/
	Dates       []*DateLink  // archive pages: the next level down
	Breadcrumbs []*Link      // from home to the page's parent
	Chart       *Chart       // stories per month: home, year and month pages

	// Metadata for machines.
	Feeds        []*FeedLink // the feeds of the page's beat (beat and story pages)
	JSONLD       template.JS // schema.org JSON-LD for <script type="application/ld+json">
	OpenGraph    MetaTags    // OpenGraph and Twitter card <meta> tags
	OEmbed       string      // absolute URL of the story's oEmbed response
	EmbedURL     string      // absolute URL of the story's embed card
	EmbedSnippet string      // the iframe HTML to copy

	Params map[string]any
	Site   *Site
}

// FeedLink is a feed, for <link rel="alternate">.
type FeedLink struct {
	Title     string
	Type      string // application/rss+xml, application/atom+xml, application/feed+json
	Permalink string
}

// Meta is a <meta property="..." content="..."> tag.
type Meta struct {
	Property string
	Content  string
}

// MetaTags are a page's OpenGraph and Twitter card tags. A theme ranges
// over them, or writes them all with {{ .OpenGraph.HTML }}.
type MetaTags []*Meta

// HTML returns the tags as <meta property="..." content="..."> elements,
// each on a line of its own after a newline, escaped as html/template
// escapes a quoted attribute (the same bytes as a range over the tags). Made
// here rather than in the theme: a dozen tags are two dozen template actions
// on every page, each a call through reflection, a tenth of a story page's
// rendering.
func (m MetaTags) HTML() template.HTML {
	var b strings.Builder
	n := 0
	for _, t := range m {
		n += len(`
<meta property="" content="">`) + len(t.Property) + len(t.Content) + 8 // a few escapes
	}
	b.Grow(n)
	for _, t := range m {
		b.WriteString("\n<meta property=\"")
		attrEscaper.WriteString(&b, t.Property)
		b.WriteString("\" content=\"")
		attrEscaper.WriteString(&b, t.Content)
		b.WriteString("\">")
	}
	return template.HTML(b.String())
}

// attrEscaper is html/template's escaper of a quoted attribute's value.
var attrEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// StoryLink is a story in a list.
type StoryLink struct {
	ID           int
	Title        string
	Summary      string
	Byline       string
	Date         time.Time
	RelPermalink string
	Beat         *BeatView
	r            *renderer
}

// Permalink is the link's absolute URL, made when a template asks: a list
// of stories seldom does, and a build makes seven links for every story.
func (l *StoryLink) Permalink() string { return l.r.absURL(l.RelPermalink) }

// BeatView is a beat in links and lists.
type BeatView struct {
	Name         string
	Slug         string
	Description  string
	Count        int // set only in View.Beats of the home page and /beats/
	Permalink    string
	RelPermalink string
	feeds        []*FeedLink // the beat's feeds, made once for all its pages
}

// DateLink is a year, month or day of the date archives.
type DateLink struct {
	Title        string // "2013", "March 2013", "3 March 2013"
	Date         time.Time
	Count        int
	RelPermalink string
	Children     []*DateLink // months of a year, days of a month (on the level above)
}

// Link is a titled link, as in breadcrumbs.
type Link struct {
	Title        string
	RelPermalink string
}

// Paginator is one page of a paginated list.
type Paginator struct {
	PageNumber int // 1-based
	TotalPages int
	Pages      []*StoryLink
	Prev       *Link // nil on the first page
	Next       *Link // nil on the last page
	Pagers     []*Pager
}

// Pager is a numbered link in pagination controls.
type Pager struct {
	Number       int
	RelPermalink string
	Current      bool
	Gap          bool // pages left out between two numbers ("…"); no Number, no link
}

// HasPrev reports whether there is a page before this one.
func (p *Paginator) HasPrev() bool { return p.Prev != nil }

// HasNext reports whether there is a page after this one.
func (p *Paginator) HasNext() bool { return p.Next != nil }
