package article

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin on any machine
)

// The helpers shared by the parser tests. go-cmp is not a dependency of the
// module yet, so articleDiff compares field by field with reflect.

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err) // time/tzdata is linked in: cannot happen
	}
	return loc
}()

// at returns a wall-clock time in Europe/Berlin.
func at(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, berlin)
}

// articleDiff lists the fields in which got and want differ, one a line, or
// returns "". Times are equal when they are the same instant with the same
// offset; every other field must be deeply equal (nil and empty differ).
func articleDiff(got, want *Article) string {
	if got == nil || want == nil {
		if got == want {
			return ""
		}
		return fmt.Sprintf("article: got %+v, want %+v", got, want)
	}
	var b strings.Builder
	gv, wv := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := range gv.NumField() {
		name := gv.Type().Field(i).Name
		g, w := gv.Field(i).Interface(), wv.Field(i).Interface()
		if gt, ok := g.(time.Time); ok {
			wt := w.(time.Time)
			if !gt.Equal(wt) || gt.Format(time.RFC3339Nano) != wt.Format(time.RFC3339Nano) {
				fmt.Fprintf(&b, "%s: got %s, want %s\n", name, gt.Format(time.RFC3339Nano), wt.Format(time.RFC3339Nano))
			}
			continue
		}
		if !reflect.DeepEqual(g, w) {
			fmt.Fprintf(&b, "%s:\n\tgot  %#v\n\twant %#v\n", name, g, w)
		}
	}
	return b.String()
}

// checkParse compares a Parse result with the wanted article (nil for none)
// and the wanted diagnostics, as Diagnostic.String prints them.
func checkParse(t *testing.T, got *Article, ds []Diagnostic, want *Article, wantDiags []string) {
	t.Helper()
	gotDiags := []string{}
	for _, d := range ds {
		gotDiags = append(gotDiags, d.String())
	}
	if wantDiags == nil {
		wantDiags = []string{}
	}
	if !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Errorf("diagnostics:\ngot\n\t%s\nwant\n\t%s", strings.Join(gotDiags, "\n\t"), strings.Join(wantDiags, "\n\t"))
	}
	if diff := articleDiff(got, want); diff != "" {
		t.Errorf("article differs:\n%s", diff)
	}
}

func TestDiagnosticString(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Diagnostic
		want string
	}{
		{"error", Diagnostic{Path: "content/a.txt", Line: 3, Msg: "bad"}, "content/a.txt:3: bad"},
		{"warning", Diagnostic{Path: "content/a.md", Line: 1, Msg: "odd", Warning: true}, "content/a.md:1: warning: odd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseUnknownExtension(t *testing.T) {
	a, ds := Parse("content/a.html", []byte("<p>hi</p>"), Options{})
	checkParse(t, a, ds, nil, []string{"content/a.html:1: not a story file: use .txt (wire) or .md (Markdown)"})
}
