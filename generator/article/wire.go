package article

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The wire format, top to bottom (DESIGN.md has the full grammar):
//
//	Beat: Politics                      header: "Key: value" lines, the beat first
//	                                    (German: Ressort), keys case-insensitive
//	## Title                            plain text
//	BYLINE, DD.MM.YYYY, HH:MM Time      read from the right; "-" is no byline
//	**USPA News** - Body ...            Markdown, up to "**Article online:**"
//	**Article online:**
//	<https://host/bericht-575/slug.html>
//	**Editorial office and responsibility:**   boilerplate to the end: dropped
//
// Blank lines may precede the header; trailing white space is trimmed on the
// header, title, dateline and URL lines only.

// The header keys, case-insensitive: the beat (Beat, or Ressort in German
// copy), then any of
//
//	Embargo: DD.MM.YYYY HH:MM      published at that moment, not before
//	Updated: DD.MM.YYYY HH:MM      the last update (lastmod)
//	Correction: text               a correction note shown on the story
//	Aliases: /old/path, /other     old paths that redirect to the story
//	Withdrawn: reason              the permalink shows a withdrawal notice
const wireKeyList = "Beat (or Ressort), Embargo, Updated, Correction, Aliases, Withdrawn"

const articleOnline = "**article online:**"

var (
	headerLine = regexp.MustCompile(`^([A-Za-z][A-Za-z-]*):(.*)$`)
	wireDate   = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)
	wireTime   = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?:\s+(?i:time|uhr))?$`)
	// looseDate and looseTime tell a malformed dateline from a missing one.
	looseDate = regexp.MustCompile(`^\d+[./-]\d+[./-]\d+$`)
	looseTime = regexp.MustCompile(`^\d+[:.]\d+(?:\s+\pL+)?$`)
)

// wireFile walks the lines of a wire file.
type wireFile struct {
	lines []string
	i     int // index of the current line; its number is i+1
	ds    *diags
}

func (w *wireFile) skipBlank() {
	for w.i < len(w.lines) && strings.TrimSpace(w.lines[w.i]) == "" {
		w.i++
	}
}

func (w *wireFile) done() bool { return w.i >= len(w.lines) }

// line returns the 1-based number of the current line, or of the last line
// at the end of the file.
func (w *wireFile) line() int { return min(w.i+1, len(w.lines)) }

// current returns the current line with trailing white space trimmed.
func (w *wireFile) current() string { return strings.TrimRight(w.lines[w.i], " \t") }

func parseWire(text string, opt Options, ds *diags) *Article {
	// Without the final line end, lines holds exactly the file's lines.
	w := &wireFile{lines: strings.Split(strings.TrimSuffix(text, "\n"), "\n"), ds: ds}
	a := &Article{Format: Wire}
	w.skipBlank()
	w.header(a, opt.Location)
	w.skipBlank()
	if w.done() || !strings.HasPrefix(w.current(), "## ") {
		ds.errorf(w.line(), "missing title: expected a line \"## Title\" after the header")
		return a
	}
	a.Title = strings.TrimSpace(strings.TrimPrefix(w.current(), "## "))
	if a.Title == "" {
		ds.errorf(w.i+1, "missing title: the \"## \" line is empty")
	}
	titleLine := w.i + 1
	w.i++
	w.skipBlank()
	if w.done() {
		ds.errorf(titleLine, "missing dateline: expected \"BYLINE, DD.MM.YYYY, HH:MM Time\" after the title")
		return a
	}
	if w.dateline(a, opt.Location) {
		w.i++
	}
	w.body(a, boilerplate(opt))
	return a
}

// header reads the "Key: value" lines up to the first blank line.
func (w *wireFile) header(a *Article, loc *time.Location) {
	first, start := true, w.i
	seen := map[string]bool{}
	for ; !w.done() && strings.TrimSpace(w.lines[w.i]) != ""; w.i++ {
		line := w.current()
		if strings.HasPrefix(line, "## ") {
			break // a title without the blank line; reported below if the beat is missing
		}
		m := headerLine.FindStringSubmatch(line)
		if m == nil {
			w.ds.errorf(w.i+1, "header line %q is not \"Key: value\"; a wire story starts with \"Beat: NAME\"", line)
			continue
		}
		key, value := strings.ToLower(m[1]), strings.TrimSpace(m[2])
		if key == "ressort" {
			key = "beat"
		}
		if seen[key] {
			what := m[1]
			if key == "beat" {
				what = "the beat"
			}
			w.ds.errorf(w.i+1, "%s is given twice: keep one %s line", what, m[1])
			continue
		}
		seen[key] = true
		switch key {
		case "beat":
			if value == "" {
				w.ds.errorf(w.i+1, "missing beat: %q has no value", m[1])
			}
			a.Beats = []string{value}
			first = false
		case "embargo", "updated":
			t, ok := wireDateTime(value, loc)
			if !ok {
				w.ds.errorf(w.i+1, "%s %q is not a date and time: use DD.MM.YYYY HH:MM", m[1], value)
				continue
			}
			if key == "embargo" {
				a.notes().Embargo = t
			} else {
				a.Lastmod = t
			}
		case "correction", "withdrawn":
			if value == "" {
				w.ds.errorf(w.i+1, "%s has no text: say what was corrected, or why the story was withdrawn", m[1])
				continue
			}
			if key == "correction" {
				a.notes().Correction = value
			} else {
				a.notes().Withdrawn = value
			}
		case "aliases":
			n := a.notes()
			for _, p := range strings.Split(value, ",") {
				if p = strings.TrimSpace(p); p != "" {
					n.Aliases = append(n.Aliases, p)
				}
			}
			if len(n.Aliases) == 0 {
				w.ds.errorf(w.i+1, "Aliases has no paths: list old paths, comma-separated, e.g. Aliases: /old/story.html")
			}
			n.AliasLine = w.i + 1
		default:
			w.ds.errorf(w.i+1, "unknown header key %q: the wire header knows %s", m[1], wireKeyList)
		}
	}
	if first {
		w.ds.errorf(start+1, "missing beat: a wire story starts with a line \"Beat: NAME\" (or \"Ressort: NAME\")")
	}
}

// wireDateTime reads "DD.MM.YYYY HH:MM" (optionally "Time" or "Uhr"), local
// to loc.
func wireDateTime(s string, loc *time.Location) (time.Time, bool) {
	dt, tm, _ := strings.Cut(strings.TrimSpace(s), " ")
	dm, tmatch := wireDate.FindStringSubmatch(dt), wireTime.FindStringSubmatch(strings.TrimSpace(tm))
	if dm == nil || tmatch == nil {
		return time.Time{}, false
	}
	day, _ := strconv.Atoi(dm[1])
	month, _ := strconv.Atoi(dm[2])
	year, _ := strconv.Atoi(dm[3])
	hour, _ := strconv.Atoi(tmatch[1])
	minute, _ := strconv.Atoi(tmatch[2])
	if !validDate(year, month, day) || hour > 23 || minute > 59 {
		return time.Time{}, false
	}
	return LocalTime(year, time.Month(month), day, hour, minute, 0, loc), true
}

// dateline reads "BYLINE, DD.MM.YYYY, HH:MM Time" from the right: the last
// field is the time, the one before it the date, and everything before that,
// commas included, the byline ("-" or nothing for none). It reports false
// when the line is no dateline at all, so that the body starts there.
func (w *wireFile) dateline(a *Article, loc *time.Location) bool {
	line, n := strings.TrimSpace(w.current()), w.i+1
	const want = "expected \"BYLINE, DD.MM.YYYY, HH:MM Time\""
	fields := strings.Split(line, ",")
	last := len(fields) - 1
	tm, dt := strings.TrimSpace(fields[last]), ""
	if last >= 1 {
		dt = strings.TrimSpace(fields[last-1])
	}
	tmatch, dmatch := wireTime.FindStringSubmatch(tm), wireDate.FindStringSubmatch(dt)
	if tmatch == nil || dmatch == nil {
		dateAt, timeAt, attempt := -1, -1, false
		for i, f := range fields {
			f = strings.TrimSpace(f)
			if dateAt < 0 && wireDate.MatchString(f) {
				dateAt = i
			}
			if timeAt < 0 && wireTime.MatchString(f) {
				timeAt = i
			}
			attempt = attempt || looseDate.MatchString(f) || looseTime.MatchString(f)
		}
		switch {
		case !attempt || strings.HasPrefix(line, "**"):
			w.ds.errorf(n, "missing dateline: %s after the title, got %q", want, truncate(line, 40))
			return false
		case dateAt >= 0 && timeAt >= 0:
			w.ds.errorf(n, "dateline fields in the wrong order in %q: %s", line, want)
		case tmatch == nil && looseTime.MatchString(tm):
			w.ds.errorf(n, "bad time %q in the dateline: %s", tm, want)
		case tmatch == nil:
			w.ds.errorf(n, "no time at the end of the dateline %q: %s", line, want)
		case looseDate.MatchString(dt):
			w.ds.errorf(n, "bad date %q in the dateline: %s", dt, want)
		default:
			w.ds.errorf(n, "no date before the time in the dateline %q: %s", line, want)
		}
		return true
	}
	day, _ := strconv.Atoi(dmatch[1])
	month, _ := strconv.Atoi(dmatch[2])
	year, _ := strconv.Atoi(dmatch[3])
	hour, _ := strconv.Atoi(tmatch[1])
	minute, _ := strconv.Atoi(tmatch[2])
	if !validDate(year, month, day) {
		w.ds.errorf(n, "impossible date %s: no such day", dt)
		return true
	}
	if hour > 23 || minute > 59 {
		w.ds.errorf(n, "impossible time %s: use 00:00 to 23:59", tmatch[1]+":"+tmatch[2])
		return true
	}
	a.Date = LocalTime(year, time.Month(month), day, hour, minute, 0, loc)
	if last >= 2 {
		if by := strings.TrimSpace(strings.Join(fields[:last-1], ",")); by != "-" {
			a.Byline = by
		}
	}
	return true
}

// truncate shortens s to at most n runes for a message.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// body reads the Markdown body up to "**Article online:**", the URL after
// it, and skips the boilerplate from the first legal heading to the end.
func (w *wireFile) body(a *Article, legal []string) {
	start, datelineLine := w.i, w.i // w.i is just past the dateline
	end := len(w.lines)
	online := -1
	for j := start; j < len(w.lines); j++ {
		t := strings.ToLower(strings.TrimSpace(w.lines[j]))
		if t == articleOnline {
			end, online = j, j
			break
		}
		if isLegal(t, legal) {
			end = j
			break
		}
	}
	for start < end && strings.TrimSpace(w.lines[start]) == "" {
		start++
	}
	stop := end
	for stop > start && strings.TrimSpace(w.lines[stop-1]) == "" {
		stop--
	}
	a.Body = strings.Join(w.lines[start:stop], "\n")
	a.BodyLine = start + 1
	if a.Body == "" {
		w.ds.errorf(datelineLine, "missing body: no story text after the dateline")
	}
	if online < 0 {
		return
	}
	w.i = online + 1
	w.skipBlank()
	if w.done() || isLegal(strings.ToLower(strings.TrimSpace(w.lines[w.i])), legal) {
		w.ds.errorf(online+1, "\"**Article online:**\" is not followed by the story's URL")
		return
	}
	raw := strings.TrimSpace(w.current())
	a.URLLine = w.i + 1
	if strings.HasPrefix(raw, "<") && strings.HasSuffix(raw, ">") {
		raw = raw[1 : len(raw)-1]
	}
	if err := checkStoryURL(raw); err != nil {
		w.ds.errorf(a.URLLine, "%v", err)
		return
	}
	a.URL = raw
	for w.i++; !w.done(); w.i++ {
		t := strings.TrimSpace(w.lines[w.i])
		if isLegal(strings.ToLower(t), legal) {
			break
		}
		if t != "" {
			w.ds.errorf(w.i+1, "text after the article URL %q: move it into the body above \"**Article online:**\", or start the legal boilerplate with a known heading", t)
			break
		}
	}
}

// checkStoryURL checks a wire or front matter URL: absolute http(s) with a
// host, or a path; never a query or fragment.
func checkStoryURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsAny(raw, " \t") {
		return fmt.Errorf("article URL %q is not a URL", raw)
	}
	if u.Scheme != "" && ((u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return fmt.Errorf("article URL %q is not an http(s) URL with a host", raw)
	}
	if u.Scheme == "" && (u.Host != "" || !strings.HasPrefix(u.Path, "/")) {
		return fmt.Errorf("article URL %q is neither an http(s) URL nor a path starting with \"/\"", raw)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		return fmt.Errorf("article URL %q has a query or fragment; a permalink is a path only", raw)
	}
	return nil
}

func boilerplate(opt Options) []string {
	var hs []string
	for _, h := range append(DefaultBoilerplate[:len(DefaultBoilerplate):len(DefaultBoilerplate)], opt.Boilerplate...) {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			hs = append(hs, h) // an empty heading would match every blank line
		}
	}
	return hs
}

// isLegal reports whether the trimmed, lower-cased line t starts the legal
// boilerplate. A heading ending in a space is a prefix ("**Editorial program
// service of "); any other must match the line.
func isLegal(t string, headings []string) bool {
	for _, h := range headings {
		if t == h || (strings.HasPrefix(h, "**") && !strings.HasSuffix(h, ":**") && strings.HasPrefix(t, h) && strings.HasSuffix(t, ":**")) {
			return true
		}
	}
	return false
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || y < 1 {
		return false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() == d
}

// LocalTime returns the instant of a wall-clock time in loc. A time inside a
// daylight-saving gap becomes the first instant after the gap; a repeated
// time is its first occurrence.
func LocalTime(y int, mo time.Month, d, h, mi, s int, loc *time.Location) time.Time {
	wall := time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	var best time.Time
	for _, probe := range []time.Time{wall.Add(-48 * time.Hour), wall, wall.Add(48 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		cand := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if cand.Hour() == h && cand.Minute() == mi && cand.Day() == d && (best.IsZero() || cand.Before(best)) {
			best = cand
		}
	}
	if !best.IsZero() {
		return best
	}
	// In a gap: the instant the new offset starts.
	_, off := wall.Add(-48 * time.Hour).In(loc).Zone()
	start, _ := wall.Add(-time.Duration(off) * time.Second).In(loc).ZoneBounds()
	return start
}
