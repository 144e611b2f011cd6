package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dateline/generator/search"
)

// TestSearchInBrowser builds the sample archive with one story on embargo
// and searches it in Chromium through /search/?q=...
func TestSearchInBrowser(t *testing.T) {
	ctx := browser(t)
	root, _ := filepath.Abs("..")
	site := t.TempDir()
	copyTree(t, root, site)
	os.WriteFile(filepath.Join(site, "content", "embargo.md"), []byte("+++\ntitle = \"Zeppelin quietly sold\"\ndate = 2026-11-26T10:00:00Z\nembargo = 2026-12-01T00:00:00Z\nbeat = \"Politics\"\nid = 9999\n+++\nQuixotic bidders.\n"), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	build(t, site, out)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	results := func(query string) []string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?"+query)); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			done, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-status").textContent`))
			if done != "" && !strings.Contains(done, "…") {
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#search-results h2")).map(h => h.textContent)`))
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
		}
		t.Fatalf("no results for %s", query)
		return nil
	}
	for _, tc := range []struct {
		query, first string
	}{
		{"q=inflation", "Inflation eases in most euro countries, statistics office says"},
		{"q=Au%C3%9Fenminister", "Außenminister reist zur Sicherheitskonferenz nach München"},
		{"q=Aussenminister", "Außenminister reist zur Sicherheitskonferenz nach München"},
		{"q=M%C3%BCnchen+Sicherheitskonferenz", "Außenminister reist zur Sicherheitskonferenz nach München"},
		{"q=Muenchen+sicherheitskonferenz", "Außenminister reist zur Sicherheitskonferenz nach München"},
		{"q=elections&beat=politics", ""},
	} {
		got := results(tc.query)
		if tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
			t.Errorf("%s: first result %q, want %q", tc.query, got, tc.first)
		}
	}
	// The beat filter: every result is in the beat.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=said&beat=economy")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	metas, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#search-results .meta")).map(p => p.textContent)`))
	if len(metas) == 0 {
		t.Errorf("no Economy results for 'said'")
	}
	for _, m := range metas {
		if !strings.Contains(m, "Economy") {
			t.Errorf("beat filter let through %q", m)
		}
	}
	// Title hits first, then the newest: results without "said" in the
	// title come newest first.
	pairs, _ := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`Array.from(document.querySelectorAll("#search-results li")).map(li => [li.querySelector("h2").textContent, li.querySelector(".meta").textContent.slice(0, 10)])`))
	last := "9999"
	for _, p := range pairs {
		if strings.Contains(strings.ToLower(p[0]), "said") {
			continue
		}
		if p[1] > last {
			t.Errorf("results not newest first: %s after %s", p[1], last)
		}
		last = p[1]
	}
	if got := results("q=zeppelin"); len(got) != 0 {
		t.Errorf("a story on embargo is found: %q", got)
	}
	// The script's text rules are the Go ones.
	samples := []string{"Außenminister in München", "ELECTIONS, élections; Übernahmen²", "Café-Müller's 3rd try", "Stories of the studies", "İstanbul ŒUVRE ½"}
	data, _ := json.Marshal(samples)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`(`+string(data)+`).map(s => datelineSearch.terms(s))`))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range samples {
		if want := search.Terms(s); strings.Join(got[i], " ") != strings.Join(want, " ") {
			t.Errorf("terms of %q: script %q, Go %q", s, got[i], want)
		}
		for _, term := range got[i] {
			b, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`datelineSearch.bucket(`+strconvQuote(term)+`, 4096)`))
			if b != search.Bucket(term, 4096) {
				t.Errorf("bucket of %q: script %d, Go %d", term, b, search.Bucket(term, 4096))
			}
		}
	}
}

// copyTree copies the archive's config, content, templates and static.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	for _, part := range []string{"config.toml", "permalinks.txt", "content", "templates", "static"} {
		filepath.Walk(filepath.Join(from, part), func(p string, fi os.FileInfo, err error) error {
			if err != nil || fi.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(from, p)
			dst := filepath.Join(to, rel)
			os.MkdirAll(filepath.Dir(dst), 0o755)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, data, 0o644)
		})
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
