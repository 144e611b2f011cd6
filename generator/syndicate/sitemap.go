package syndicate

import (
	"encoding/xml"
	"fmt"
	"time"

	"dateline/generator/archive"
	"dateline/generator/render"
)

// MaxURLs and MaxBytes bound one sitemap file (sitemaps.org: 50,000 URLs,
// 50 MiB uncompressed). Files are split on whichever comes first, so that
// long permalinks (a slug of escaped non-ASCII letters is three bytes a
// byte) cannot push a file of 50,000 URLs past 50 MiB.
const (
	MaxURLs  = 50000
	MaxBytes = 50 << 20
)

// sitemapSlack is room for the XML declaration and the root element.
const sitemapSlack = 1024

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

// size is at least the bytes u takes in a sitemap written by writeXML:
// the escaped text plus the 57 bytes of tags and indentation, rounded up.
func (u sitemapURL) size() int {
	return 64 + escapedLen(u.Loc) + escapedLen(u.Lastmod)
}

// escapedLen is the length of s as encoding/xml writes character data.
func escapedLen(s string) int {
	var n counter
	_ = xml.EscapeText(&n, []byte(s))
	return int(n)
}

type counter int

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

// split cuts urls into the files of a sitemap: at most maxURLs each, and
// below maxBytes with the root element. There is always one file, even of
// no URLs.
func split(urls []sitemapURL, maxURLs, maxBytes int) [][]sitemapURL {
	var files [][]sitemapURL
	start, bytes := 0, sitemapSlack
	for i, u := range urls {
		n := u.size()
		if i > start && (i-start == maxURLs || bytes+n > maxBytes) {
			files = append(files, urls[start:i])
			start, bytes = i, sitemapSlack
		}
		bytes += n
	}
	return append(files, urls[start:])
}

// names names the files of a sitemap: name.xml, then name-2.xml, ...
func names(name string, n int) []string {
	files := []string{name + ".xml"}
	for i := 2; i <= n; i++ {
		files = append(files, fmt.Sprintf("%s-%d.xml", name, i))
	}
	return files
}

// oneFile reports whether the URLs of stories surely fit in one sitemap
// file, without making them: at most 64 bytes of elements each, and at most
// 6 bytes of XML (&quot;) for each byte of the URL and of the date.
func (s *syndicator) oneFile(stories []*archive.Story) bool {
	if len(stories) > MaxURLs {
		return false
	}
	n, base := sitemapSlack, len(s.abs("/"))
	for _, st := range stories {
		n += 64 + 6*(base+len(st.Permalink)+len(time.RFC3339))
	}
	return n <= MaxBytes
}

// sitemaps writes one sitemap per month of stories, the pages sitemap, and
// the index of them all.
func (s *syndicator) sitemaps(a *archive.Archive) error {
	var index sitemapIndex
	for _, y := range a.Years {
		for _, m := range y.Months {
			var lastmod time.Time
			for _, st := range m.Stories {
				if u := updated(st); u.After(lastmod) {
					lastmod = u
				}
			}
			// The URLs name the files (how many there are) even when the
			// month is kept, unless they surely fit in one.
			month := render.Target{Year: m.Year, Month: int(m.Month)}
			var parts [][]sitemapURL
			if !s.kept(month) || !s.oneFile(m.Stories) {
				urls := make([]sitemapURL, len(m.Stories))
				for i, st := range m.Stories {
					urls[i] = sitemapURL{Loc: s.abs(st.Permalink), Lastmod: updated(st).Format(time.RFC3339)}
				}
				parts = split(urls, MaxURLs, MaxBytes)
			}
			files := names(fmt.Sprintf("sitemap-%04d-%02d", m.Year, int(m.Month)), max(len(parts), 1))
			for _, f := range files {
				index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: s.abs("/" + f), Lastmod: lastmod.Format(time.RFC3339)})
			}
			skipped, err := s.skip(month, files...)
			if err != nil {
				return err
			}
			if skipped {
				continue
			}
			for i, f := range files {
				if err := s.writeXML(f, urlset{URLs: parts[i]}); err != nil {
					return err
				}
			}
		}
	}
	s.awaitRender()
	var lists []string
	if s.opt.ListPages != nil {
		lists = s.opt.ListPages()
	}
	urls := make([]sitemapURL, len(lists))
	for i, p := range lists {
		urls[i] = sitemapURL{Loc: s.abs(p)}
	}
	parts := split(urls, MaxURLs, MaxBytes)
	for i, f := range names("sitemap-pages", len(parts)) {
		if err := s.writeXML(f, urlset{URLs: parts[i]}); err != nil {
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

// newsStories are the stories the news sitemap lists at now: those
// published in the NewsWindow before it, newest first, at most NewsMax.
func newsStories(a *archive.Archive, now time.Time) []*archive.Story {
	var out []*archive.Story
	from := now.Add(-NewsWindow)
	for _, st := range a.Stories {
		if len(out) == NewsMax || st.Date.Before(from) {
			break
		}
		if !st.Date.After(now) {
			out = append(out, st)
		}
	}
	return out
}

// NewsExpiry is when the news sitemap built at now changes by the clock
// alone: when its oldest story leaves the window. Zero when it lists none.
func NewsExpiry(a *archive.Archive, now time.Time) time.Time {
	ss := newsStories(a, now)
	if len(ss) == 0 {
		return time.Time{}
	}
	return ss[len(ss)-1].Date.Add(NewsWindow)
}

// newsSitemap lists the stories published in the two days before now.
func (s *syndicator) newsSitemap(a *archive.Archive) error {
	set := newsURLSet{News: "http://www.google.com/schemas/sitemap-news/0.9", URLs: []newsURL{}}
	for _, st := range newsStories(a, s.opt.Now) {
		set.URLs = append(set.URLs, newsURL{Loc: s.abs(st.Permalink), News: newsNews{
			Publication:     newsPublication{Name: s.cfg.Agency.Name, Language: s.cfg.Language},
			PublicationDate: st.Date.Format(time.RFC3339), Title: st.Title}})
	}
	return s.writeXML("news-sitemap.xml", set)
}
