package syndicate

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// ninjs writes one JSON Lines file per month of stories and their index.
func (s *syndicator) ninjs(a *archive.Archive) error {
	if !s.cfg.Syndication.Ninjs {
		return nil
	}
	var index ninjsIndex
	for _, y := range a.Years {
		for _, m := range y.Months {
			name := fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
			file := "ninjs/" + name + ".jsonl"
			index.Months = append(index.Months, ninjsMonth{Month: name, URL: s.abs("/" + file), Count: len(m.Stories)})
			skipped, err := s.skip(render.Target{Year: m.Year, Month: int(m.Month)}, file)
			if err != nil {
				return err
			}
			if skipped {
				continue
			}
			var buf bytes.Buffer
			for _, st := range m.Stories {
				html, err := s.content(st)
				if err != nil {
					return err
				}
				n := ninjs{URI: s.abs(st.Permalink), Type: "text", Version: "1",
					FirstCreated: st.Date.Format(time.RFC3339), VersionCreated: updated(st).Format(time.RFC3339),
					Language: s.cfg.Language, Headlines: []ninjsText{{"main", st.Title}},
					Bodies: []ninjsBody{{"main", "text/html", html}}, By: st.Byline, Located: st.Place,
					Subjects: []ninjsName{{st.Beat.Name}}, CopyrightNotice: s.cfg.Agency.Copyright,
					AltIDs: []ninjsAltID{{"id", fmt.Sprint(st.ID)}}}
				if st.Summary != "" {
					n.Descriptions = []ninjsText{{"summary", st.Summary}}
				}
				line, err := json.Marshal(n)
				if err != nil {
					return err
				}
				buf.Write(line)
				buf.WriteByte('\n')
			}
			if err := s.write(file, buf.Bytes()); err != nil {
				return err
			}
		}
	}
	return s.writeJSON("ninjs/index.json", index)
}
