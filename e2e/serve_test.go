package e2e

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dateline/generator/serve"
	"dateline/static"
	"dateline/templates"
)

const serveArchive = `
-- config.toml --
title = "Live Wire"
baseURL = "https://news.example/"
timezone = "Europe/Berlin"
[agency]
name = "TNA"
[legal]
footer = "Legal text."
-- content/a.txt --
Beat: Politics

## Council approves budget

-, 03.03.2013, 07:25 Time

**TNA** - Approved.

**Article online:**

<https://news.example/bericht-575/council-approves-budget.html>
-- static/css/extra.css --
body { }
`

// browser starts headless Chromium, or skips (fails in CI) without one.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path, _ = exec.LookPath("chromium")
	}
	path = need(t, path, "Chromium (apt-get install chromium)")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.WindowSize(1024, 768))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	return ctx
}

// startServe runs serve on a free port until the test ends.
func startServe(t *testing.T, site string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, serve.Options{Dir: site, Addr: "127.0.0.1:0",
			Templates: templates.FS, Static: static.FS, Stdout: io.Discard, Stderr: io.Discard,
			Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), Ready: func(u string) { ready <- u }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case u := <-ready:
		return u
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

// eventually evaluates js until it returns want.
func eventually(t *testing.T, ctx context.Context, js, want string) {
	t.Helper()
	var got string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err == nil && v == want {
			return
		}
		got = v
	}
	t.Fatalf("%s = %q, want %q", js, got, want)
}

// TestServeInBrowser opens a story in Chromium, edits the file and sees the
// page follow: a new title, an error overlay, the overlay gone after the
// fix, a new story on the beat page, a stylesheet swapped without a reload.
func TestServeInBrowser(t *testing.T) {
	ctx := browser(t)
	site := writeArchive(t, serveArchive)
	url := startServe(t, site)
	story := filepath.Join(site, "content", "a.txt")
	orig, err := os.ReadFile(story)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"bericht-575/council-approves-budget.html")); err != nil {
		t.Fatal(err)
	}
	h1 := `document.querySelector("h1") ? document.querySelector("h1").textContent : ""`
	eventually(t, ctx, h1, "Council approves budget")

	// 1. A new title appears in the open page.
	edit(story, strings.Replace(string(orig), "## Council approves budget", "## Council approves harbour budget", 1))
	eventually(t, ctx, h1, "Council approves harbour budget")

	// 2. A broken story shows the overlay; the last good page stays.
	edit(story, strings.Replace(string(orig), "03.03.2013", "31.02.2013", 1))
	overlay := `document.getElementById("dateline-errors") ? document.getElementById("dateline-errors").textContent : ""`
	eventually(t, ctx, `(`+overlay+`).includes("content/a.txt:5: impossible date 31.02.2013") + ""`, "true")
	eventually(t, ctx, h1, "Council approves harbour budget")

	// 3. The fix clears it.
	edit(story, string(orig))
	eventually(t, ctx, overlay, "")
	eventually(t, ctx, h1, "Council approves budget")

	// 4. A new story shows on the open beat page.
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"politics/")); err != nil {
		t.Fatal(err)
	}
	eventually(t, ctx, h1, "Politics")
	edit(filepath.Join(site, "content", "b.md"), "+++\ntitle = \"Mayor resigns\"\ndate = 2014-05-01T10:00:00+02:00\nbeat = \"Politics\"\nid = 700\n+++\nGone.\n")
	eventually(t, ctx, `document.body.textContent.includes("Mayor resigns") + ""`, "true")

	// 5. A CSS-only change swaps the stylesheet; the page is not reloaded.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__marker = true`)); err != nil {
		t.Fatal(err)
	}
	edit(filepath.Join(site, "static", "css", "style.css"), "body { color: rgb(1, 2, 3); }\n")
	eventually(t, ctx, `getComputedStyle(document.body).color`, "rgb(1, 2, 3)")
	eventually(t, ctx, `window.__marker + ""`, "true")
}
