package syndicate

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"dateline/generator/archive"
	"dateline/generator/render"
)

// ninjs is one story as an IPTC ninjs 2.1 object.
type ninjs struct {
	URI             string       `json:"uri"`
	Type            string       `json:"type"`
	Version         string       `json:"version"`
	FirstCreated    string       `json:"firstcreated"`
	VersionCreated  string       `json:"versioncreated"`
	Language        string       `json:"language"`
	Headlines       []ninjsText  `json:"headlines"`
	Bodies          []ninjsBody  `json:"bodies"`
	Descriptions    []ninjsText  `json:"descriptions,omitempty"`
	By              string       `json:"by,omitempty"`
	Located         string       `json:"located,omitempty"`
	Subjects        []ninjsName  `json:"subjects"`
	CopyrightNotice string       `json:"copyrightnotice,omitempty"`
	AltIDs          []ninjsAltID `json:"altids"`
}

type ninjsText struct {
	Role  string `json:"role"`
	Value string `json:"value"`
}

type ninjsBody struct {
	Role        string `json:"role"`
	ContentType string `json:"contenttype"`
	Value       string `json:"value"`
}

type ninjsName struct {
	Name string `json:"name"`
}

type ninjsAltID struct {
	Role  string `json:"role"`
	Value string `json:"value"`
}

type ninjsIndex struct {
	Months []ninjsMonth `json:"months"`
}

type ninjsMonth struct {
	Month string `json:"month"`
	URL   string `json:"url"`
	Count int    `json:"count"`
}

// Ninjs writes the ninjs files of one build. The month files are made
// from the stories' HTML as the render makes it (Story), so that no body
// is rendered twice: a month is written the moment its last story arrives.
// Finish completes the months still waiting (in an incremental build, with
// the stories whose pages were kept: their lines are copied from the
// month's last file, or their bodies rendered when there is none), keeps
// the months Skip kept, and writes the index.
type Ninjs struct {
	s      *syndicator
	a      *archive.Archive
	mu     sync.Mutex
	months map[monthKey]*ninjsPending // the months to write, until written
	kept   []*archive.Month
}

// monthKey names a month of the archive.
type monthKey struct {
	year  int
	month time.Month
}

type ninjsPending struct {
	month *archive.Month
	html  map[*archive.Story]string // made when the month's first story comes in
	lines map[*archive.Story][]byte // kept stories' lines from the last file, as they are
}

// monthOf returns the month that lists st: its date's in the archive's
// time zone, as package archive groups them. (A map from every story to its
// month would be a hundred thousand entries, held until the render ends.)
func (n *Ninjs) monthOf(st *archive.Story) monthKey {
	t := st.Date.In(n.s.cfg.Location)
	return monthKey{t.Year(), t.Month()}
}

// add keeps the HTML of st's body for its month's file.
func (p *ninjsPending) add(st *archive.Story, html string) {
	if p.html == nil {
		p.html = make(map[*archive.Story]string, len(p.month.Stories))
	}
	p.html[st] = html
}

// NewNinjs prepares the ninjs files of a, or returns nil when config.toml
// turns them off (a nil *Ninjs does nothing).
func NewNinjs(a *archive.Archive, opt Options, emit func(render.Page) error) *Ninjs {
	if !opt.Config.Syndication.Ninjs {
		return nil
	}
	if opt.Markdown == nil {
		opt.Markdown = render.NewMarkdown()
	}
	n := &Ninjs{s: &syndicator{cfg: opt.Config, opt: opt, emit: emit}, a: a,
		months: map[monthKey]*ninjsPending{}}
	for _, y := range a.Years {
		for _, m := range y.Months {
			if opt.Skip != nil && opt.Skip(render.Target{Year: m.Year, Month: int(m.Month)}) {
				n.kept = append(n.kept, m)
				continue
			}
			n.months[monthKey{m.Year, m.Month}] = &ninjsPending{month: m}
		}
	}
	return n
}

// Story takes the HTML of a story's body; when it completes a month, the
// month's file is written. It is safe for concurrent use.
func (n *Ninjs) Story(st *archive.Story, html string) error {
	if n == nil {
		return nil
	}
	n.mu.Lock()
	key := n.monthOf(st)
	p := n.months[key]
	if p == nil {
		n.mu.Unlock()
		return nil
	}
	p.add(st, html)
	done := len(p.html) == len(p.month.Stories)
	if done {
		delete(n.months, key)
	}
	n.mu.Unlock()
	if !done {
		return nil
	}
	return n.s.ninjsMonth(p)
}

// finish writes the months still waiting, the kept ones as kept, and the
// index.
func (n *Ninjs) finish() error {
	if n == nil {
		return nil
	}
	for _, m := range n.kept {
		if err := n.s.emit(render.Page{Path: ninjsFile(m), Kind: render.Feed, Keep: true}); err != nil {
			return err
		}
	}
	// The stories the render did not hand in: those kept take their lines
	// from the month's last file, the others' bodies are rendered on all
	// cores.
	var missing []*archive.Story
	for _, p := range n.months {
		p.lines = n.lastLines(p.month)
		for _, st := range p.month.Stories {
			_, rendered := p.html[st]
			_, copied := p.lines[st]
			if !rendered && !copied {
				missing = append(missing, st)
			}
		}
	}
	html := make([]string, len(missing))
	errs := make([]error, len(missing))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(missing); i = int(next.Add(1)) - 1 {
				html[i], errs[i] = n.s.content(missing[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, st := range missing {
		n.months[n.monthOf(st)].add(st, html[i])
	}
	for _, m := range slices.SortedFunc(maps.Keys(n.months), func(a, b monthKey) int {
		return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.month, b.month))
	}) {
		if err := n.s.ninjsMonth(n.months[m]); err != nil {
			return err
		}
	}
	n.months = nil
	var index ninjsIndex
	for _, y := range n.a.Years {
		for _, m := range y.Months {
			index.Months = append(index.Months, ninjsMonth{Month: monthName(m), URL: n.s.abs("/" + ninjsFile(m)), Count: len(m.Stories)})
		}
	}
	return n.s.writeJSON("ninjs/index.json", index)
}

// lastLines returns the lines of month m's last file, by story, for the
// stories whose pages this build keeps; nil when there is no such file (a
// full build has none), or it is not one this build wrote (a line that
// does not start with its uri, or does not end in a newline). A story
// whose page is kept has the same file, config and binary as then, so its
// line in that file is the line it would be written as now: a one-story
// change writes its month without rendering, or even decoding, the other
// stories.
func (n *Ninjs) lastLines(m *archive.Month) map[*archive.Story][]byte {
	if n.s.opt.Published == nil || n.s.opt.Skip == nil {
		return nil
	}
	data, err := fs.ReadFile(n.s.opt.Published, ninjsFile(m))
	if err != nil {
		return nil
	}
	byURI := map[string][]byte{}
	for line := range bytes.Lines(data) {
		uri, ok := leadingURI(line)
		if !ok || !bytes.HasSuffix(line, []byte("\n")) {
			return nil
		}
		byURI[uri] = line
	}
	lines := map[*archive.Story][]byte{}
	for _, st := range m.Stories {
		if line, ok := byURI[n.s.abs(st.Permalink)]; ok && n.s.kept(render.Target{Story: st}) {
			lines[st] = line
		}
	}
	return lines
}

// leadingURI returns the value of a JSON object's first member, when that
// is "uri".
func leadingURI(line []byte) (string, bool) {
	d := json.NewDecoder(bytes.NewReader(line))
	for _, want := range []json.Token{json.Delim('{'), "uri"} {
		if t, err := d.Token(); err != nil || t != want {
			return "", false
		}
	}
	t, err := d.Token()
	uri, ok := t.(string)
	return uri, err == nil && ok
}

func monthName(m *archive.Month) string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

func ninjsFile(m *archive.Month) string { return "ninjs/" + monthName(m) + ".jsonl" }

// ninjsMonth writes one month's file, one ninjs object per line, with the
// stories' HTML, or their lines, from p.
func (s *syndicator) ninjsMonth(p *ninjsPending) error {
	// The file's size, near enough that the buffer grows once: kept lines
	// as they are, new ones their HTML (escaped a little) and a kilobyte.
	size := 0
	for _, st := range p.month.Stories {
		if line, ok := p.lines[st]; ok {
			size += len(line)
		} else {
			size += len(p.html[st])*9/8 + len(st.Summary) + 1<<10
		}
	}
	f := files.Get().(*file)
	f.buf.Grow(size)
	for _, st := range p.month.Stories {
		if line, ok := p.lines[st]; ok {
			f.buf.Write(line)
			continue
		}
		html := p.html[st]
		n := ninjs{URI: s.abs(st.Permalink), Type: "text", Version: "1",
			FirstCreated: st.Date.Format(time.RFC3339), VersionCreated: updated(st).Format(time.RFC3339),
			Language: s.cfg.Language, Headlines: []ninjsText{{"main", st.Title}},
			Bodies: []ninjsBody{{"main", "text/html", html}}, By: st.Byline, Located: st.Place,
			Subjects: []ninjsName{{st.Beat.Name}}, CopyrightNotice: s.cfg.Agency.Copyright,
			AltIDs: []ninjsAltID{{"id", fmt.Sprint(st.ID)}}}
		if st.Summary != "" {
			n.Descriptions = []ninjsText{{"summary", st.Summary}}
		}
		if err := f.line.Encode(n); err != nil {
			return err
		}
	}
	return s.writeFile(ninjsFile(p.month), f)
}
