package render

import (
	"cmp"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"dateline/generator/archive"
)

// This file makes what machines read in a page's head: feed links, schema.org
// JSON-LD, OpenGraph and Twitter meta, and the embed links of a story.

// Embed card size, in CSS pixels.
const EmbedWidth, EmbedHeight = 500, 320

// EmbedURL is the path of a story's embed card.
func EmbedURL(id int) string { return "/embed/" + strconv.Itoa(id) + "/" }

// embedFile is the output file of a story's embed card.
func embedFile(id int) string { return strings.TrimPrefix(EmbedURL(id), "/") + "index.html" }

// OEmbedURL is the path of a story's oEmbed response.
func OEmbedURL(id int) string { return "/oembed/" + strconv.Itoa(id) + ".json" }

// EmbedSnippet is the iframe HTML that embeds a story's card.
func EmbedSnippet(embedURL, title string) string {
	esc := template.HTMLEscapeString
	return `<iframe src="` + esc(embedURL) + `" width="` + strconv.Itoa(EmbedWidth) + `" height="` + strconv.Itoa(EmbedHeight) +
		`" style="border:0;max-width:100%" title="` + esc(title) + `" loading="lazy"></iframe>`
}

// feedLinks returns the three feeds in dir ("/" or "/BEAT/").
func (r *renderer) feedLinks(dir, title string) []*FeedLink {
	return []*FeedLink{
		{Title: title + " (RSS)", Type: "application/rss+xml", Permalink: r.absURL(r.relURL(dir + "feed.xml"))},
		{Title: title + " (Atom)", Type: "application/atom+xml", Permalink: r.absURL(r.relURL(dir + "atom.xml"))},
		{Title: title + " (JSON Feed)", Type: "application/feed+json", Permalink: r.absURL(r.relURL(dir + "feed.json"))},
	}
}

// jsonLD marshals v for a <script type="application/ld+json">; encoding/json
// escapes <, > and &, so no text can end the script. The string is the
// marshalled bytes themselves, not a copy: nothing else holds them.
func jsonLD(v any) template.JS {
	data, err := json.Marshal(v)
	if err != nil || len(data) == 0 {
		return ""
	}
	return template.JS(unsafe.String(&data[0], len(data)))
}

type ldThing = map[string]any

// publisher is the agency as a schema.org NewsMediaOrganization.
func (r *renderer) publisher() ldThing {
	return ldThing{"@type": "NewsMediaOrganization", "name": r.cfg.Agency.Name, "url": r.site.BaseURL,
		"publishingPrinciples": r.absURL(r.relURL("/imprint/"))}
}

// newsArticle is a story's schema.org NewsArticle. Its fields are in the
// order of their keys, as a map's are written (sorted), so that the JSON is
// the same as the map ldThing gives, with a fraction of the work: a build
// makes one for every story.
type newsArticle struct {
	Context             string          `json:"@context"`
	Type                string          `json:"@type"`
	ArticleSection      string          `json:"articleSection"`
	Author              ldAgent         `json:"author"`
	Correction          *ldCorrection   `json:"correction,omitempty"`
	DateModified        string          `json:"dateModified"`
	DatePublished       string          `json:"datePublished"`
	Dateline            string          `json:"dateline,omitempty"`
	Description         string          `json:"description,omitempty"`
	Headline            string          `json:"headline"`
	Identifier          string          `json:"identifier"`
	InLanguage          string          `json:"inLanguage"`
	IsAccessibleForFree bool            `json:"isAccessibleForFree"`
	MainEntityOfPage    string          `json:"mainEntityOfPage"`
	Publisher           json.RawMessage `json:"publisher"`
	URL                 string          `json:"url"`
}

type ldAgent struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldCorrection struct {
	Type          string `json:"@type"`
	DatePublished string `json:"datePublished"`
	Text          string `json:"text"`
}

// storyMeta fills a story page's metadata.
func (r *renderer) storyMeta(p *View, s *archive.Story) {
	modified := p.Date
	if p.Lastmod.After(modified) {
		modified = p.Lastmod
	}
	published, modifiedText := p.Date.Format(time.RFC3339), modified.Format(time.RFC3339)
	ld := newsArticle{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: s.Title, URL: p.Permalink, MainEntityOfPage: p.Permalink,
		DatePublished: published, DateModified: modifiedText,
		ArticleSection: p.Beat.Name, InLanguage: r.cfg.Language, IsAccessibleForFree: true,
		Publisher: r.publisherJSON, Identifier: strconv.Itoa(s.ID),
		Description: s.Summary, Dateline: cmp.Or(s.Place, s.Byline),
		Author: ldAgent{"Organization", r.cfg.Agency.Name},
	}
	if s.Byline != "" {
		ld.Author = ldAgent{"Person", s.Byline}
	}
	if p.Correction != "" {
		ld.Correction = &ldCorrection{"CorrectionComment", p.CorrectionDate.Format(time.RFC3339), p.Correction}
	}
	p.JSONLD = jsonLD(ld)
	p.OpenGraph = append(r.openGraph(p, "article"),
		&Meta{"article:published_time", published},
		&Meta{"article:modified_time", modifiedText},
		&Meta{"article:section", p.Beat.Name})
	p.Feeds = p.Beat.feeds
	p.OEmbed = r.absURL(r.relURL(OEmbedURL(s.ID)))
	p.EmbedURL = r.absURL(r.relURL(EmbedURL(s.ID)))
	p.EmbedSnippet = EmbedSnippet(p.EmbedURL, s.Title)
}

// listMeta fills a list page's metadata: a CollectionPage with its
// breadcrumbs.
func (r *renderer) listMeta(p *View) {
	ld := ldThing{"@context": "https://schema.org", "@type": "CollectionPage", "name": p.Title, "url": p.Permalink,
		"inLanguage": r.cfg.Language, "publisher": r.publisher()}
	if p.Description != "" {
		ld["description"] = p.Description
	}
	if len(p.Breadcrumbs) > 0 {
		var items []ldThing
		for i, l := range append(p.Breadcrumbs, &Link{Title: p.Title, RelPermalink: p.RelPermalink}) {
			items = append(items, ldThing{"@type": "ListItem", "position": i + 1, "name": l.Title, "item": r.absURL(l.RelPermalink)})
		}
		ld["breadcrumb"] = ldThing{"@type": "BreadcrumbList", "itemListElement": items}
	}
	p.JSONLD = jsonLD(ld)
	p.OpenGraph = r.openGraph(p, "website")
}

// openGraph returns the OpenGraph and Twitter card tags every page has.
func (r *renderer) openGraph(p *View, kind string) MetaTags {
	locale := r.lang.Locale
	desc := p.Description
	if desc == "" {
		desc = r.cfg.Title
	}
	return MetaTags{
		{"og:type", kind}, {"og:title", p.Title}, {"og:description", desc}, {"og:url", p.Permalink},
		{"og:site_name", r.cfg.Title}, {"og:locale", locale},
		{"twitter:card", "summary"}, {"twitter:title", p.Title}, {"twitter:description", desc},
	}
}

// embedPage renders a story's embed card: a whole document of its own.
func (r *renderer) embedPage(s *archive.Story) {
	l := r.link(s)
	p := r.page("embed", s.Title, EmbedURL(s.ID))
	p.ID, p.Date, p.Byline, p.Place, p.Beat, p.Summary = s.ID, l.Date, s.Byline, s.Place, l.Beat, s.Summary
	p.Description, p.Noindex, p.Withdrawn = s.Summary, true, s.Withdrawn()
	if s.Withdrawn() != "" {
		p.Summary, p.Description = "", ""
	}
	p.EmbedURL = p.Permalink
	// The card's canonical is the story.
	p.Permalink, p.RelPermalink = l.Permalink(), l.RelPermalink
	r.write("embed.html", p, embedFile(s.ID), Story, s.Path)
}

// withdrawn renders the notice at a withdrawn story's permalink: headline,
// date, the reason and the agency's note; not indexed.
func (r *renderer) withdrawn(s *archive.Story) {
	l := r.link(s)
	p := r.page("withdrawn", s.Title, s.Permalink)
	// No beat: a beat with only withdrawn stories has no page to link to.
	p.ID, p.Date, p.Withdrawn, p.Noindex = s.ID, l.Date, s.Withdrawn(), true
	p.Description = r.t("withdrawnNote")
	p.OpenGraph = r.openGraph(p, "article")
	r.write("withdrawn.html", p, s.File, Story, s.Path)
}

// alias renders the redirect page at an old path of a story.
func (r *renderer) alias(al *archive.Alias) {
	l := r.link(al.Story)
	p := r.page("alias", al.Story.Title, al.Path)
	p.Target = &Link{Title: al.Story.Title, RelPermalink: l.RelPermalink}
	p.Permalink, p.RelPermalink, p.Noindex = l.Permalink(), l.RelPermalink, true
	p.OpenGraph = MetaTags{}
	r.write("alias.html", p, al.File, List, al.Story.Path)
}
