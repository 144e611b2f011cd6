package syndicate

import (
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"dateline/generator/archive"
	"dateline/generator/render"
)

// RSS 2.0 with the content and Dublin Core modules.
type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Content string     `xml:"xmlns:content,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	Copyright   string    `xml:"copyright,omitempty"`
	PubDate     string    `xml:"pubDate,omitempty"`
	Self        atomLink  `xml:"atom:link"`
	Items       []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Creator     string  `xml:"dc:creator,omitempty"`
	Category    string  `xml:"category"`
	Description string  `xml:"description"`
	Content     cdata   `xml:"content:encoded"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type cdata struct {
	Text string `xml:",cdata"`
}

// Atom 1.0 (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Rights  string      `xml:"rights,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Link      atomLink     `xml:"link"`
	Author    *atomPerson  `xml:"author,omitempty"`
	Category  atomCategory `xml:"category"`
	Summary   string       `xml:"summary"`
	Content   atomText     `xml:"content"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// JSON Feed 1.1.
type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description,omitempty"`
	Language    string     `json:"language"`
	Authors     []jsonName `json:"authors"`
	Items       []jsonItem `json:"items"`
}

type jsonName struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string     `json:"id"`
	URL           string     `json:"url"`
	Title         string     `json:"title"`
	ContentHTML   string     `json:"content_html"`
	Summary       string     `json:"summary,omitempty"`
	DatePublished string     `json:"date_published"`
	DateModified  string     `json:"date_modified"`
	Authors       []jsonName `json:"authors,omitempty"`
	Tags          []string   `json:"tags"`
}

// feedItem is one story as the three formats need it.
type feedItem struct {
	story   *archive.Story
	url     string
	content string
}

// feeds writes the archive's feeds and each beat's.
func (s *syndicator) feeds(a *archive.Archive) error {
	if err := s.feed("", s.cfg.Title, "", a.Stories, nil); err != nil {
		return err
	}
	for _, b := range a.Beats {
		if err := s.feed(b.Slug+"/", b.Name+" – "+s.cfg.Title, b.Description, b.Stories, b); err != nil {
			return err
		}
	}
	return nil
}

// feed writes feed.xml, atom.xml and feed.json in dir ("" or "BEAT/").
func (s *syndicator) feed(dir, title, description string, stories []*archive.Story, beat *archive.Beat) error {
	files := []string{dir + "feed.xml", dir + "atom.xml", dir + "feed.json"}
	if beat != nil {
		if skipped, err := s.skip(render.Target{Beat: beat}, files...); skipped || err != nil {
			return err
		}
	}
	if description == "" {
		description = s.cfg.Agency.Name
	}
	// The latest changes first: an updated or corrected story moves up.
	stories = slices.Clone(stories)
	slices.SortStableFunc(stories, func(a, b *archive.Story) int { return updated(b).Compare(updated(a)) })
	var items []feedItem
	for _, st := range stories[:min(len(stories), s.cfg.Feeds.Items)] {
		html, err := s.content(st)
		if err != nil {
			return err
		}
		items = append(items, feedItem{st, s.abs(st.Permalink), html})
	}
	home := s.abs("/" + dir)
	newest := time.Unix(0, 0).UTC()
	for _, it := range items {
		if u := updated(it.story); u.After(newest) {
			newest = u
		}
	}
	// RSS
	ch := rssChannel{Title: title, Link: home, Description: description, Language: s.cfg.Language,
		Copyright: s.cfg.Agency.Copyright, Self: atomLink{Href: s.abs("/" + files[0]), Rel: "self", Type: "application/rss+xml"}}
	if len(items) > 0 {
		ch.PubDate = newest.Format(time.RFC1123Z)
	}
	for _, it := range items {
		st := it.story
		ch.Items = append(ch.Items, rssItem{Title: st.Title, Link: it.url, GUID: rssGUID{"true", it.url},
			PubDate: st.Date.Format(time.RFC1123Z), Creator: st.Byline, Category: st.Beat.Name,
			Description: st.Summary, Content: cdata{xmlText(it.content)}})
	}
	if err := s.writeXML(files[0], rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom",
		Content: "http://purl.org/rss/1.0/modules/content/", DC: "http://purl.org/dc/elements/1.1/", Channel: ch}); err != nil {
		return err
	}
	// Atom
	af := atomFeed{Lang: s.cfg.Language, ID: s.abs("/" + files[1]), Title: title, Updated: newest.Format(time.RFC3339),
		Links:  []atomLink{{Href: s.abs("/" + files[1]), Rel: "self", Type: "application/atom+xml"}, {Href: home, Rel: "alternate", Type: "text/html"}},
		Author: atomPerson{s.cfg.Agency.Name}, Rights: s.cfg.Agency.Copyright}
	for _, it := range items {
		st := it.story
		e := atomEntry{ID: it.url, Title: st.Title, Updated: updated(st).Format(time.RFC3339), Published: st.Date.Format(time.RFC3339),
			Link: atomLink{Href: it.url, Rel: "alternate", Type: "text/html"}, Category: atomCategory{st.Beat.Name},
			Summary: st.Summary, Content: atomText{"html", it.content}}
		if st.Byline != "" {
			e.Author = &atomPerson{st.Byline}
		}
		af.Entries = append(af.Entries, e)
	}
	if err := s.writeXML(files[1], af); err != nil {
		return err
	}
	// JSON Feed
	jf := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: title, HomePageURL: home, FeedURL: s.abs("/" + files[2]),
		Description: description, Language: s.cfg.Language, Authors: []jsonName{{s.cfg.Agency.Name}}, Items: []jsonItem{}}
	for _, it := range items {
		st := it.story
		ji := jsonItem{ID: it.url, URL: it.url, Title: st.Title, ContentHTML: it.content, Summary: st.Summary,
			DatePublished: st.Date.Format(time.RFC3339), DateModified: updated(st).Format(time.RFC3339), Tags: []string{st.Beat.Name}}
		if st.Byline != "" {
			ji.Authors = []jsonName{{st.Byline}}
		}
		jf.Items = append(jf.Items, ji)
	}
	return s.writeJSON(files[2], jf)
}

// xmlText drops the characters XML 1.0 cannot hold (control characters
// other than tab and line ends), which encoding/xml would pass through in a
// CDATA section; it splits "]]>" itself.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}
