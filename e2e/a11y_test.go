package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func axeJS(t *testing.T) string {
	p := os.Getenv("AXE_JS")
	if p == "" {
		if cache, err := os.UserCacheDir(); err == nil {
			p = filepath.Join(cache, "dateline-ci", "node_modules", "axe-core", "axe.min.js")
		}
	}
	data, err := os.ReadFile(need(t, p, "axe-core (AXE_JS)"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAccessibility runs axe-core (WCAG 2.x A and AA rules) in Chromium on
// every kind of page of the sample archive, in light and dark mode, at
// phone and desktop width, and fails on any violation.
func TestAccessibility(t *testing.T) {
	axe := axeJS(t)
	ctx := browser(t)
	root, _ := filepath.Abs("..")
	out := filepath.Join(t.TempDir(), "public")
	build(t, root, out)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	pages := []string{"/", "/bericht-1190/inflation-eases-in-most-euro-countries-statistics-office-says.html",
		"/economy/", "/beats/", "/archive/", "/archive/2017/", "/archive/2017/03/", "/archive/2017/03/14/",
		"/imprint/", "/404.html", "/embed/1190/", "/search/?q=inflation", "/bericht-2650/ferry-operator-blamed-for-collision-in-port-report.html",
		"/bericht-1042/underdogs-stun-champions-with-late-winner-in-cup-final.html"}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
		.then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")).join("\n"))`
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int{375, 1280} {
			dark := chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
				_, err := cdp.Call(ctx, tgt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
				return err
			})
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 800), dark); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p)); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](axe)); err != nil {
					t.Fatal(err)
				}
				v, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				if strings.TrimSpace(v) != "" {
					t.Errorf("%s (%s, %dpx): axe violations:\n%s", p, scheme, width, v)
				}
			}
		}
	}
}
