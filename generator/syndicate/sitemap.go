package syndicate

import (
	"encoding/xml"
	"fmt"
	"time"

	"dateline/generator/archive"
	"dateline/generator/render"
)

// MaxURLs is the most URLs one sitemap file may list (sitemaps.org); at
// about 200 bytes a URL it also keeps every file far below 50 MB.
const MaxURLs = 50000

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// chunks names the files of a list of n URLs: name.xml, then name-2.xml, ...
func chunks(name string, n int) []string {
	files := []string{name + ".xml"}
	for i := 2; (i-1)*MaxURLs < n; i++ {
		files = append(files, fmt.Sprintf("%s-%d.xml", name, i))
	}
	return files
}

// sitemaps writes one sitemap per month of stories, the pages sitemap, and
// the index of them all.
func (s *syndicator) sitemaps(a *archive.Archive) error {
	var index sitemapIndex
	for _, y := range a.Years {
		for _, m := range y.Months {
			files := chunks(fmt.Sprintf("sitemap-%04d-%02d", m.Year, int(m.Month)), len(m.Stories))
			var lastmod time.Time
			for _, st := range m.Stories {
				if u := updated(st); u.After(lastmod) {
					lastmod = u
				}
			}
			for _, f := range files {
				index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: s.abs("/" + f), Lastmod: lastmod.Format(time.RFC3339)})
			}
			skipped, err := s.skip(render.Target{Year: m.Year, Month: int(m.Month)}, files...)
			if err != nil {
				return err
			}
			if skipped {
				continue
			}
			for i, f := range files {
				var set urlset
				for _, st := range m.Stories[i*MaxURLs : min(len(m.Stories), (i+1)*MaxURLs)] {
					set.URLs = append(set.URLs, sitemapURL{Loc: s.abs(st.Permalink), Lastmod: updated(st).Format(time.RFC3339)})
				}
				if err := s.writeXML(f, set); err != nil {
					return err
				}
			}
		}
	}
	files := chunks("sitemap-pages", len(s.opt.ListPages))
	for i, f := range files {
		var set urlset
		for _, p := range s.opt.ListPages[i*MaxURLs : min(len(s.opt.ListPages), (i+1)*MaxURLs)] {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.abs(p)})
		}
		if err := s.writeXML(f, set); err != nil {
			return err
		}
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: s.abs("/" + f)})
	}
	return s.writeXML("sitemap.xml", index)
}

// The Google News sitemap.
type newsURLSet struct {
	XMLName xml.Name  `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	News    string    `xml:"xmlns:news,attr"`
	URLs    []newsURL `xml:"url"`
}

type newsURL struct {
	Loc  string   `xml:"loc"`
	News newsNews `xml:"news:news"`
}

type newsNews struct {
	Publication     newsPublication `xml:"news:publication"`
	PublicationDate string          `xml:"news:publication_date"`
	Title           string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

// NewsWindow and NewsMax bound the news sitemap (Google's rules).
const (
	NewsWindow = 48 * time.Hour
	NewsMax    = 1000
)

// newsSitemap lists the stories published in the two days before now.
func (s *syndicator) newsSitemap(a *archive.Archive) error {
	set := newsURLSet{News: "http://www.google.com/schemas/sitemap-news/0.9", URLs: []newsURL{}}
	from := s.opt.Now.Add(-NewsWindow)
	for _, st := range a.Stories {
		if len(set.URLs) == NewsMax || st.Date.Before(from) {
			break
		}
		if st.Date.After(s.opt.Now) {
			continue
		}
		set.URLs = append(set.URLs, newsURL{Loc: s.abs(st.Permalink), News: newsNews{
			Publication:     newsPublication{Name: s.cfg.Agency.Name, Language: s.cfg.Language},
			PublicationDate: st.Date.Format(time.RFC3339), Title: st.Title}})
	}
	return s.writeXML("news-sitemap.xml", set)
}
