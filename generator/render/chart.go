package render

import (
	"fmt"
	"time"
)

// Chart is a bar chart of stories per month, drawn by the theme as inline
// SVG (partials/chart.html): each bar a link to its month's page, labelled
// for screen readers, with a table of the same numbers beside it.
type Chart struct {
	Title  string
	Bars   []*Bar
	Max    int // the highest count, at least 1
	Width  int // of the SVG viewBox
	Height int
}

// Bar is one month.
type Bar struct {
	Label        string // "Mar" or "03/13": short, under the bar
	Title        string // "March 2013"
	Count        int
	RelPermalink string // "" for a month without stories
	X, Y, W, H   int    // the bar in the viewBox
	Current      bool   // the page's own month
}

// chartHeight is the drawing height of the bars in viewBox units.
const chartHeight = 100

// monthChart charts months (oldest first) from the date tree.
func (r *renderer) monthChart(title string, months []time.Time, current time.Time) *Chart {
	type ym struct {
		y int
		m time.Month
	}
	counts := map[ym]*DateLink{}
	for _, y := range r.years {
		for _, m := range y.Children {
			counts[ym{m.Date.Year(), m.Date.Month()}] = m
		}
	}
	c := &Chart{Title: title, Max: 1}
	for _, m := range months {
		if l := counts[ym{m.Year(), m.Month()}]; l != nil && l.Count > c.Max {
			c.Max = l.Count
		}
	}
	const barW, gap = 20, 6
	for i, m := range months {
		b := &Bar{Label: fmt.Sprintf("%02d", int(m.Month())), Title: r.lang.Month(m), X: i * (barW + gap), W: barW,
			Current: m.Year() == current.Year() && m.Month() == current.Month()}
		if len(months) > 12 {
			b.Label = m.Format("01/06")
		}
		if l := counts[ym{m.Year(), m.Month()}]; l != nil {
			b.Count, b.RelPermalink = l.Count, l.RelPermalink
		}
		b.H = b.Count * chartHeight / c.Max
		if b.Count > 0 && b.H < 2 {
			b.H = 2
		}
		b.Y = chartHeight - b.H + 14 // room above for the count
		c.Bars = append(c.Bars, b)
	}
	c.Width, c.Height = len(months)*(barW+gap)-gap, chartHeight+14+16
	return c
}

// yearMonths is the twelve months of year y, in loc.
func yearMonths(y int, loc *time.Location) []time.Time {
	var out []time.Time
	for m := time.January; m <= time.December; m++ {
		out = append(out, time.Date(y, m, 1, 0, 0, 0, 0, loc))
	}
	return out
}

// lastMonths is the n months up to the newest story's, oldest first.
func (r *renderer) lastMonths(n int) []time.Time {
	if len(r.years) == 0 {
		return nil
	}
	newest := r.years[0].Children[0].Date
	var out []time.Time
	for i := n - 1; i >= 0; i-- {
		out = append(out, time.Date(newest.Year(), newest.Month()-time.Month(i), 1, 0, 0, 0, 0, newest.Location()))
	}
	return out
}
