package render

import (
	"testing"
	"time"
)

// TestDateFormat: the date patterns of the language files, and patterns
// with braces that name nothing, which stay as written.
func TestDateFormat(t *testing.T) {
	l := &language{}
	l.Months = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
	at := time.Date(2013, time.March, 3, 7, 5, 0, 0, time.UTC)
	for _, c := range []struct{ pattern, want string }{
		{"{d}. {month} {yyyy}", "3. März 2013"},
		{"{dd}.{mm}.{yyyy}, {HH}:{MM} Uhr", "03.03.2013, 07:05 Uhr"},
		{"{month} {yyyy}", "März 2013"},
		{"", ""},
		{"{x} {d", "{x} {d"},
		{"}{d}{", "}3{"},
		{"{{d}}", "{3}"},
	} {
		if got := l.format(c.pattern, at); got != c.want {
			t.Errorf("format(%q) = %q, want %q", c.pattern, got, c.want)
		}
	}
}
