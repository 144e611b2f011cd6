package render

import (
	"fmt"
	"html/template"
	"strconv"
	"time"

	"dateline/generator/archive"
)

// listJobs returns a job for every page that lists stories, and for the
// imprint and 404 pages.
func (r *renderer) listJobs(a *archive.Archive) []func() {
	jobs := []func(){
		func() { r.home(a) },
		func() { r.beatsIndex() },
		func() { r.archiveIndex() },
		func() { r.imprint() },
		func() { r.notFound() },
		func() { r.searchPage() },
	}
	for _, b := range a.Beats {
		pages := max(1, (len(b.Stories)+r.cfg.Paginate-1)/r.cfg.Paginate)
		for n := 1; n <= pages; n++ {
			jobs = append(jobs, r.unless(Target{Beat: b, Page: n, List: true}, beatURL(b, n)[1:]+"index.html", List, func() { r.beatPage(b, n, pages) }))
		}
	}
	for _, y := range a.Years {
		jobs = append(jobs, r.unless(Target{Year: y.Year, List: true}, yearURL(y.Year)[1:]+"index.html", List, func() { r.yearPage(y) }))
		for _, m := range y.Months {
			mt := Target{Year: m.Year, Month: int(m.Month), List: true}
			jobs = append(jobs, r.unless(mt, monthURL(m.Year, int(m.Month))[1:]+"index.html", List, func() { r.monthPage(m) }))
			for _, d := range m.Days {
				dt := Target{Year: m.Year, Month: int(m.Month), Day: d.Date.Day(), List: true}
				jobs = append(jobs, r.unless(dt, dayURL(dt.Year, dt.Month, dt.Day)[1:]+"index.html", List, func() { r.dayPage(d) }))
			}
		}
	}
	return jobs
}

func (r *renderer) t(key string) string { return r.lang.T(key) }

func (r *renderer) homeLink() *Link { return &Link{Title: r.t("home"), RelPermalink: r.relURL("/")} }
func (r *renderer) archiveLink() *Link {
	return &Link{Title: r.t("archive"), RelPermalink: r.relURL("/archive/")}
}

func (r *renderer) storyLinks(stories []*archive.Story) []*StoryLink {
	out := make([]*StoryLink, len(stories))
	for i, s := range stories {
		out[i] = r.link(s)
	}
	return out
}

func (r *renderer) home(a *archive.Archive) {
	p := r.page("home", r.cfg.Title, "/")
	p.Description = fmt.Sprintf("%s: %d %s", r.cfg.Agency.Name, len(a.Stories), r.t("stories"))
	p.Pages = r.storyLinks(a.Stories[:min(len(a.Stories), r.cfg.Paginate)])
	p.Beats = r.counted
	p.Dates = r.years
	p.Chart = r.monthChart(r.t("storiesPerMonth"), r.lastMonths(24), time.Time{})
	r.write("home.html", p, "index.html", List, "")
}

func (r *renderer) beatsIndex() {
	p := r.page("beats", r.t("beats"), "/beats/")
	p.Beats = r.counted
	p.Description = r.t("allBeats") + " – " + r.cfg.Title
	p.Breadcrumbs = []*Link{r.homeLink()}
	r.write("beats.html", p, "beats/index.html", List, "")
}

// beatURL is the path of page n of a beat.
func beatURL(b *archive.Beat, n int) string {
	if n == 1 {
		return "/" + b.Slug + "/"
	}
	return "/" + b.Slug + "/page/" + strconv.Itoa(n) + "/"
}

func (r *renderer) beatPage(b *archive.Beat, n, pages int) {
	bv := r.beats[b]
	p := r.page("beat", b.Name, beatURL(b, n))
	p.Beat, p.Description = bv, b.Description
	p.Feeds = r.feedLinks("/"+b.Slug+"/", b.Name)
	if p.Description == "" {
		p.Description = fmt.Sprintf("%s %s", r.t("storiesIn"), b.Name)
	}
	lo, hi := (n-1)*r.cfg.Paginate, min(n*r.cfg.Paginate, len(b.Stories))
	pg := &Paginator{PageNumber: n, TotalPages: pages, Pages: r.storyLinks(b.Stories[lo:hi])}
	if n > 1 {
		pg.Prev = &Link{Title: r.t("newerPage"), RelPermalink: r.relURL(beatURL(b, n-1))}
	}
	if n < pages {
		pg.Next = &Link{Title: r.t("olderPage"), RelPermalink: r.relURL(beatURL(b, n+1))}
	}
	// The first and last pages and those near this one: a page of a beat
	// with thousands of pages must not list them all (that made the beat's
	// pages grow with the square of its stories).
	for i := 1; i <= pages; i++ {
		switch {
		case i == 1 || i == pages || i >= n-pagerReach && i <= n+pagerReach:
			pg.Pagers = append(pg.Pagers, &Pager{Number: i, RelPermalink: r.relURL(beatURL(b, i)), Current: i == n})
		default: // a gap, then on to the next page shown
			pg.Pagers = append(pg.Pagers, &Pager{Gap: true})
			if i < n {
				i = n - pagerReach - 1
			} else {
				i = pages - 1
			}
		}
	}
	p.Paginator, p.Pages = pg, pg.Pages
	p.Breadcrumbs = []*Link{r.homeLink(), {Title: r.t("beats"), RelPermalink: r.relURL("/beats/")}}
	if n > 1 {
		p.Title = fmt.Sprintf("%s (%s %d %s %d)", b.Name, r.t("page"), n, r.t("of"), pages)
	}
	r.write("beat.html", p, beatURL(b, n)[1:]+"index.html", List, "")
}

// pagerReach is how many pages on either side of the current one the
// pagination links to, beside the first and the last.
const pagerReach = 2

// Date archive pages: /archive/ lists the years; a year its months and
// their days; a month its days and stories; a day its stories.

func yearURL(y int) string { return fmt.Sprintf("/archive/%04d/", y) }
func monthURL(y int, m int) string {
	return fmt.Sprintf("/archive/%04d/%02d/", y, m)
}
func dayURL(y, m, d int) string { return fmt.Sprintf("/archive/%04d/%02d/%02d/", y, m, d) }

// yearLinks makes the tree of date links once; pages share it.
func (r *renderer) yearLinks(a *archive.Archive) []*DateLink {
	lang := r.lang
	var years []*DateLink
	for _, y := range a.Years {
		yl := &DateLink{Title: strconv.Itoa(y.Year), Date: y.Months[0].Days[0].Date, Count: len(y.Stories),
			RelPermalink: r.relURL(yearURL(y.Year))}
		for _, m := range y.Months {
			ml := &DateLink{Title: lang.Month(m.Days[0].Date), Date: m.Days[0].Date, Count: len(m.Stories),
				RelPermalink: r.relURL(monthURL(m.Year, int(m.Month)))}
			for _, d := range m.Days {
				ml.Children = append(ml.Children, &DateLink{Title: lang.Day(d.Date), Date: d.Date, Count: len(d.Stories),
					RelPermalink: r.relURL(dayURL(d.Date.Year(), int(d.Date.Month()), d.Date.Day()))})
			}
			yl.Children = append(yl.Children, ml)
		}
		years = append(years, yl)
	}
	return years
}

func (r *renderer) findYear(y int) *DateLink {
	for _, yl := range r.years {
		if yl.Title == strconv.Itoa(y) {
			return yl
		}
	}
	return nil
}

func (r *renderer) archiveIndex() {
	p := r.page("archive", r.t("archive"), "/archive/")
	p.Dates = r.years
	p.Description = r.t("storiesIn") + " " + r.cfg.Title
	p.Breadcrumbs = []*Link{r.homeLink()}
	r.write("archive.html", p, "archive/index.html", List, "")
}

func (r *renderer) yearPage(y *archive.Year) {
	yl := r.findYear(y.Year)
	p := r.page("archive", yl.Title, yearURL(y.Year))
	p.Dates, p.Date = yl.Children, yl.Date
	p.Description = r.t("storiesIn") + " " + yl.Title + " – " + r.cfg.Title
	p.Chart = r.monthChart(r.t("storiesPerMonth")+" "+yl.Title, yearMonths(y.Year, r.cfg.Location), time.Time{})
	p.Breadcrumbs = []*Link{r.homeLink(), r.archiveLink()}
	r.write("archive.html", p, yearURL(y.Year)[1:]+"index.html", List, "")
}

func (r *renderer) monthPage(m *archive.Month) {
	yl := r.findYear(m.Year)
	var ml *DateLink
	for _, c := range yl.Children {
		if c.Date.Month() == m.Month {
			ml = c
		}
	}
	p := r.page("archive", ml.Title, monthURL(m.Year, int(m.Month)))
	p.Dates, p.Date, p.Pages = ml.Children, ml.Date, r.storyLinks(m.Stories)
	p.Description = r.t("storiesIn") + " " + ml.Title + " – " + r.cfg.Title
	p.Chart = r.monthChart(r.t("storiesPerMonth")+" "+yl.Title, yearMonths(m.Year, r.cfg.Location), ml.Date)
	p.Breadcrumbs = []*Link{r.homeLink(), r.archiveLink(), {Title: yl.Title, RelPermalink: yl.RelPermalink}}
	r.write("archive.html", p, monthURL(m.Year, int(m.Month))[1:]+"index.html", List, "")
}

func (r *renderer) dayPage(d *archive.Day) {
	lang := r.lang
	y, m, day := d.Date.Year(), int(d.Date.Month()), d.Date.Day()
	p := r.page("archive", lang.Day(d.Date), dayURL(y, m, day))
	p.Date, p.Pages = d.Date, r.storyLinks(d.Stories)
	p.Description = r.t("storiesIn") + " " + p.Title + " – " + r.cfg.Title
	p.Breadcrumbs = []*Link{r.homeLink(), r.archiveLink(),
		{Title: strconv.Itoa(y), RelPermalink: r.relURL(yearURL(y))},
		{Title: lang.Month(d.Date), RelPermalink: r.relURL(monthURL(y, m))}}
	r.write("archive.html", p, dayURL(y, m, day)[1:]+"index.html", List, "")
}

func (r *renderer) imprint() {
	p := r.page("imprint", r.t("imprint"), "/imprint/")
	p.Content = template.HTML(r.site.Footer)
	p.Description = r.cfg.Agency.Name + ": " + r.t("legal")
	p.Breadcrumbs = []*Link{r.homeLink()}
	r.write("imprint.html", p, "imprint/index.html", List, "")
}

func (r *renderer) notFound() {
	p := r.page("404", r.t("notFound"), "/404.html")
	p.Noindex = true
	r.write("404.html", p, "404.html", List, "")
}

func (r *renderer) searchPage() {
	p := r.page("search", r.t("search"), "/search/")
	p.Description = r.t("searchHelp")
	p.Beats = r.counted
	p.Dates = r.years
	p.Breadcrumbs = []*Link{r.homeLink()}
	r.write("search.html", p, "search/index.html", List, "")
}
