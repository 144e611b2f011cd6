package render

import (
	"strings"
	"testing"
	"time"

	"dateline/templates"
)

func TestMarkdown(t *testing.T) {
	md := NewMarkdown()
	for _, tc := range []struct {
		name, src, want string
	}{
		{"lead-in", "**USPA News** - Text.", "<p><strong>USPA News</strong> - Text.</p>\n"},
		{"ticker in angle brackets", "Standard Oil <SRD> said", "<p>Standard Oil &lt;SRD&gt; said</p>\n"},
		{"inline script", "a <script>alert(1)</script> b", "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n"},
		{"html block", "<div onclick=\"x()\">\nblock\n</div>", "<p>&lt;div onclick=&quot;x()&quot;&gt;\nblock\n&lt;/div&gt;</p>\n"},
		{"comment", "<!-- note -->", "<p>&lt;!-- note --&gt;</p>\n"},
		{"javascript link", "[click](javascript:alert(1))", "<p><a href=\"\">click</a></p>\n"},
		{"autolink", "<https://example.org/a>", "<p><a href=\"https://example.org/a\">https://example.org/a</a></p>\n"},
		{"bare URL", "see https://www.esa.int today", "<p>see <a href=\"https://www.esa.int\">https://www.esa.int</a> today</p>\n"},
		{"line break", "one  \ntwo", "<p>one<br>\ntwo</p>\n"},
		{"table", "| a | b |\n|---|--:|\n| 1 | 2 |", "<table>\n<thead>\n<tr>\n<th>a</th>\n<th style=\"text-align:right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td style=\"text-align:right\">2</td>\n</tr>\n</tbody>\n</table>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MarkdownHTML(md, []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("markdown(%q)\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	d := dateOf(t, "2013-03-03T07:25:00+01:00")
	for _, tc := range []struct{ lang, dateTime, day, month string }{
		{"en", "3 March 2013, 07:25", "3 March 2013", "March 2013"},
		{"de", "03.03.2013, 07:25 Uhr", "3. März 2013", "März 2013"},
	} {
		l, err := loadLanguage(templates.FS, tc.lang, map[string]string{"home": "Front page"})
		if err != nil {
			t.Fatal(err)
		}
		if got := l.DateTimeOf(d) + "|" + l.Day(d) + "|" + l.Month(d); got != strings.Join([]string{tc.dateTime, tc.day, tc.month}, "|") {
			t.Errorf("%s: %s", tc.lang, got)
		}
		if l.T("home") != "Front page" || l.T("latest") == "latest" {
			t.Errorf("%s: strings %q %q", tc.lang, l.T("home"), l.T("latest"))
		}
	}
	if _, err := loadLanguage(templates.FS, "fr", nil); err == nil || !strings.Contains(err.Error(), "templates/i18n/fr.toml") {
		t.Errorf("a language without a file: %v", err)
	}
}
func dateOf(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
