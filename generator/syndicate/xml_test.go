package syndicate_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"testing"
)

// Namespaces of the feeds and sitemaps.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// wellFormed checks that data is one well-formed XML document with the
// XML declaration: encoding/xml's strict decoder rejects unbalanced tags,
// bad entities and characters XML cannot hold, which gofeed lets pass.
func wellFormed(t testing.TB, name string, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("%s: no XML declaration: %.60q", name, data)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		t.Fatalf("%s: %d root elements, depth %d at the end; want 1 and 0", name, roots, depth)
	}
}

// decodeXML checks data is well-formed and decodes it into v.
func decodeXML(t testing.TB, name string, data []byte, v any) {
	t.Helper()
	wellFormed(t, name, data)
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: xml.Unmarshal: %v", name, err)
	}
}

// rssDoc is what a reader takes from an RSS 2.0 feed.
type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title       string    `xml:"title"`
		Links       []xmlLink `xml:"link"` // RSS's link and atom:link
		Description string    `xml:"description"`
		Language    string    `xml:"language"`
		Copyright   string    `xml:"copyright"`
		Items       []struct {
			Title   string `xml:"title"`
			Link    string `xml:"link"`
			GUID    string `xml:"guid"`
			PubDate string `xml:"pubDate"`
			Creator string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

type xmlLink struct {
	XMLName xml.Name
	Href    string `xml:"href,attr"`
	Rel     string `xml:"rel,attr"`
	Text    string `xml:",chardata"`
}

// link returns the text of RSS's own <link> and the href of atom:link rel=self.
func (d *rssDoc) links() (link, self string) {
	for _, l := range d.Channel.Links {
		switch {
		case l.XMLName.Space == "":
			link = l.Text
		case l.XMLName.Space == nsAtom && l.Rel == "self":
			self = l.Href
		}
	}
	return link, self
}

// atomDoc is what a reader takes from an Atom 1.0 feed.
type atomDoc struct {
	XMLName xml.Name  `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string    `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string    `xml:"http://www.w3.org/2005/Atom id"`
	Title   string    `xml:"http://www.w3.org/2005/Atom title"`
	Updated string    `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []xmlLink `xml:"http://www.w3.org/2005/Atom link"`
	Author  string    `xml:"http://www.w3.org/2005/Atom author>name"`
	Entries []struct {
		ID        string  `xml:"http://www.w3.org/2005/Atom id"`
		Title     string  `xml:"http://www.w3.org/2005/Atom title"`
		Updated   string  `xml:"http://www.w3.org/2005/Atom updated"`
		Published string  `xml:"http://www.w3.org/2005/Atom published"`
		Link      xmlLink `xml:"http://www.w3.org/2005/Atom link"`
		Author    string  `xml:"http://www.w3.org/2005/Atom author>name"`
		Content   struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"http://www.w3.org/2005/Atom content"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

// jsonFeedDoc is what a reader takes from a JSON Feed 1.1.
type jsonFeedDoc struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Language    string `json:"language"`
	Items       []struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentHTML   string `json:"content_html"`
		DatePublished string `json:"date_published"`
		DateModified  string `json:"date_modified"`
		Authors       []struct {
			Name string `json:"name"`
		} `json:"authors"`
		Tags []string `json:"tags"`
	} `json:"items"`
}

// urlsetDoc is a sitemap; indexDoc a sitemap index.
type urlsetDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		Lastmod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type indexDoc struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		Lastmod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

// newsDoc is a Google News sitemap, each element in its namespace.
type newsDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc  string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		News []struct {
			Publication []struct {
				Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 name"`
				Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 language"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication"`
			PublicationDate string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title           string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}
