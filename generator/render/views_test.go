package render

import (
	"html/template"
	"strings"
	"testing"
)

// rangedTags is what a theme that ranges over the tags writes: the default
// theme's loop before MetaTags.HTML replaced it.
var rangedTags = template.Must(template.New("og").Parse(`{{- range . }}
<meta property="{{ .Property }}" content="{{ .Content }}">
{{- end }}`))

func ranged(t testing.TB, m MetaTags) string {
	var b strings.Builder
	if err := rangedTags.Execute(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMetaTagsHTMLIsTheRange(t *testing.T) {
	m := MetaTags{
		{"og:title", `Tom & Jerry's "<b>Show</b>" +1`},
		{"og:description", "NUL\x00, line\u2028separator, Grüße, <script>alert(1)</script>"},
		{"og:url", "https://news.example.org/bericht-1/a%20b.html?x=1&y=2"},
		{"twitter:card", ""},
	}
	got, want := string(m.HTML()), ranged(t, m)
	if got != want {
		t.Errorf("HTML:\n%s\nthe range over the tags:\n%s", got, want)
	}
	if strings.Contains(got, "<b>") || strings.Contains(got, "<script>") {
		t.Errorf("markup in a tag's content is not escaped:\n%s", got)
	}
	if MetaTags(nil).HTML() != "" {
		t.Errorf("no tags give %q, want nothing", MetaTags(nil).HTML())
	}
}

func FuzzMetaTagsHTML(f *testing.F) {
	f.Add("og:title", `a "quoted" <title> & 'more' +`)
	f.Add("og:description", "\x00\xff\u2028")
	f.Fuzz(func(t *testing.T, property, content string) {
		m := MetaTags{{property, content}, {content, property}}
		if got, want := string(m.HTML()), ranged(t, m); got != want {
			t.Errorf("HTML:\n%q\nthe range over the tags:\n%q", got, want)
		}
	})
}
