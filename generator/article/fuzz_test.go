package article

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The fuzz targets are seeded from the table cases; a failing input found by
// "go test -fuzz" lands in testdata/fuzz/NAME and is committed, so that
// "go test" runs it from then on.

func FuzzParseWire(f *testing.F) {
	for _, tc := range append(wireCases, wireBodyCases...) {
		f.Add([]byte(tc.src))
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, ds := Parse("content/f.txt", data, Options{Location: berlin})
		checkResult(t, "content/f.txt", data, a, ds)
		if a != nil && (a.Body == "" || a.Date.Location() != berlin) {
			t.Errorf("wire article without a body or with a date not in Europe/Berlin: %+v", a)
		}
	})
}

func FuzzParseMarkdown(f *testing.F) {
	for _, tc := range markdownCases {
		f.Add([]byte(tc.src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, ds := Parse("content/f.md", data, Options{Location: berlin})
		checkResult(t, "content/f.md", data, a, ds)
	})
}

func FuzzSplitFrontMatter(f *testing.F) {
	for _, tc := range splitCases {
		f.Add(tc.src)
	}
	for _, tc := range markdownCases {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fm, body, bodyLine, err := SplitFrontMatter(text)
		if wfm, wbody, wline, werr := splitByLines(text); fm != wfm || body != wbody || bodyLine != wline || (err == nil) != (werr == nil) {
			t.Fatalf("%q: got %+v %q %d %v; splitting it into lines gives %+v %q %d %v", text, fm, body, bodyLine, err, wfm, wbody, wline, werr)
		}
		if !strings.HasSuffix(text, body) {
			t.Fatalf("body %q is not a suffix of the input", body)
		}
		switch {
		case err != nil:
			if fm != (FrontMatter{}) || body != "" {
				t.Errorf("error %v with front matter %+v and body %q", err, fm, body)
			}
		case fm.Format == "":
			if body != text || bodyLine != 1 || fm.Text != "" {
				t.Errorf("no front matter, but body %q on line %d, text %q", body, bodyLine, fm.Text)
			}
		default:
			if fm.Line != 2 || !strings.Contains(text, fm.Text) {
				t.Errorf("front matter %+v is not on line 2 of the input", fm)
			}
			if body != "" && strings.Count(text[:len(text)-len(body)], "\n")+1 != bodyLine {
				t.Errorf("body %q is not on line %d", body, bodyLine)
			}
		}
	})
}

// splitByLines is SplitFrontMatter as it was first written (a list of the
// lines, joined again), the reference for the one that copies nothing.
func splitByLines(text string) (fm FrontMatter, body string, bodyLine int, err error) {
	first, rest, _ := strings.Cut(text, "\n")
	fence := strings.TrimRight(first, " \t")
	switch fence {
	case "+++":
		fm.Format = "toml"
	case "---":
		fm.Format = "yaml"
	default:
		return FrontMatter{}, text, 1, nil
	}
	fm.Line = 2
	lines := strings.Split(rest, "\n")
	for i, l := range lines {
		if strings.TrimRight(l, " \t") == fence {
			fm.Text = strings.Join(lines[:i], "\n")
			return fm, strings.Join(lines[i+1:], "\n"), i + 3, nil
		}
	}
	return FrontMatter{}, "", 1, errors.New("not closed")
}

var slugShape = regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*)?$`)

func FuzzSlugify(f *testing.F) {
	for _, tc := range slugCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slugify(s)
		if !slugShape.MatchString(got) || Slugify(got) != got {
			t.Errorf("Slugify(%q) = %q: not a stable slug", s, got)
		}
	})
}

// checkResult checks what holds for every Parse result: each diagnostic has
// the file's path and a line in the file; a story comes with no errors and
// the fields every story has; no story comes with at least one error.
func checkResult(t *testing.T, path string, data []byte, a *Article, ds []Diagnostic) {
	t.Helper()
	lines := max(1, lineAt(data, len(data)))
	errs := 0
	for i, d := range ds {
		if d.Path != path || d.Line < 1 || d.Line > lines {
			t.Errorf("diagnostic %q: want path %s and a line from 1 to %d", d.String(), path, lines)
		}
		if i > 0 && d.Line < ds[i-1].Line {
			t.Errorf("diagnostics not sorted by line: %q after %q", d.String(), ds[i-1].String())
		}
		if d.Msg == "" {
			t.Errorf("diagnostic without a message on line %d", d.Line)
		}
		if !d.Warning {
			errs++
		}
	}
	if a == nil {
		if errs == 0 {
			t.Errorf("no article and no error: %v", ds)
		}
		return
	}
	if errs > 0 {
		t.Errorf("article returned with errors: %v", ds)
	}
	if a.Path != path || a.Title == "" || a.Beat() == "" || a.Date.IsZero() || a.BodyLine < 1 {
		t.Errorf("article lacks a path, title, beat, date or body line: %+v", a)
	}
	if a.URL != "" && (checkStoryURL(a.URL) != nil || a.URLLine < 1 || a.URLLine > lines) {
		t.Errorf("article URL %q on line %d is not a valid permalink", a.URL, a.URLLine)
	}
	var ds2 diags
	if text, ok := decodeText(data, &ds2); ok && !strings.Contains(text, a.Body) {
		t.Errorf("body %q is not in the file", a.Body)
	}
}
