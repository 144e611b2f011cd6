package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestHostileCopyInBrowser opens every page of an archive full of hostile
// copy in Chromium: no dialog opens (an alert would block the page's load),
// no script from the copy is in the DOM, no element has an event handler
// or a javascript: link, and the hostile text is visible as text.
func TestHostileCopyInBrowser(t *testing.T) {
	ctx := browser(t)
	out := filepath.Join(t.TempDir(), "public")
	build(t, writeArchive(t, hostile), out)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	var pages []string
	filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") && !strings.Contains(p, "/old/") {
			rel, _ := filepath.Rel(out, p)
			pages = append(pages, "/"+filepath.ToSlash(rel))
		}
		return nil
	})
	if len(pages) < 10 {
		t.Fatalf("only %d pages", len(pages))
	}
	const probe = `(() => {
		const bad = [];
		for (const s of document.querySelectorAll("script"))
			if (s.type !== "application/ld+json" && !(location.pathname.startsWith("/search/") && s.getAttribute("src") === "/js/search.js")) bad.push("script");
		for (const e of document.querySelectorAll("*")) {
			for (const a of e.attributes) {
				if (a.name.startsWith("on")) bad.push(e.tagName + " " + a.name);
				if (/^\s*(javascript|data):/i.test(a.value) && (a.name === "href" || a.name === "src")) bad.push(e.tagName + " " + a.value);
			}
			if (["IFRAME", "OBJECT", "EMBED", "IMG"].includes(e.tagName) || e.tagName === "STYLE" && e.closest("body")) bad.push(e.tagName);
		}
		return bad.join(", ");
	})()`
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			// (A cancelled chromedp context closes its tab: the browser's own
			// deadline bounds a load that a dialog blocks.)
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p)); err != nil {
				t.Fatalf("navigate (a dialog blocks the load): %v", err)
			}
			bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](probe))
			if err != nil {
				t.Fatal(err)
			}
			if bad != "" {
				t.Errorf("active content from the copy: %s", bad)
			}
		})
	}
	// The words inside <...> are part of the story, and visible.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/bericht-1/title.html")); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Standard Oil <SRD> said", "<script>alert(2)</script>", "Title </title><script>alert(1)</script> & more"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
}
