package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestFeedsAndSitemapsValidate checks the sample archive's Atom feeds
// against RFC 4287's RELAX NG schema and its sitemaps against the
// sitemaps.org XSDs, with xmllint; RSS files must be well-formed.
func TestFeedsAndSitemapsValidate(t *testing.T) {
	xmllint, _ := exec.LookPath("xmllint")
	xmllint = need(t, xmllint, "xmllint (apt-get install libxml2-utils)")
	root, _ := filepath.Abs("..")
	out := filepath.Join(t.TempDir(), "public")
	build(t, root, out)
	schema := func(name string) string { return filepath.Join("testdata", "schemas", name) }
	var checked int
	err := filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || !strings.HasSuffix(p, ".xml") {
			return err
		}
		args := []string{"--noout", "--nonet"}
		switch base := filepath.Base(p); {
		case base == "atom.xml":
			args = append(args, "--relaxng", schema("atom.rng"))
		case base == "sitemap.xml":
			args = append(args, "--schema", schema("siteindex.xsd"))
		case strings.HasPrefix(base, "sitemap-"):
			args = append(args, "--schema", schema("sitemap.xsd"))
		}
		if msg, err := exec.Command(xmllint, append(args, p)...).CombinedOutput(); err != nil {
			t.Errorf("xmllint %s: %v\n%s", p, err, msg)
		}
		checked++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Errorf("only %d XML files checked", checked)
	}
}

// TestEmbedInForeignIframe serves the archive on one port and a page that
// embeds a story's card in an iframe on another, and checks in Chromium
// that the card renders there with its headline and link.
func TestEmbedInForeignIframe(t *testing.T) {
	ctx := browser(t)
	root, _ := filepath.Abs("..")
	out := filepath.Join(t.TempDir(), "public")
	build(t, root, out)
	archive := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer archive.Close()
	snippet := `<iframe id="card" src="` + archive.URL + `/embed/1190/" width="500" height="320" title="card"></iframe>`
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html lang=en><title>Another site</title><h1>Elsewhere</h1>" + snippet))
	}))
	defer host.Close()
	if strings.Split(archive.URL, ":")[2] == strings.Split(host.URL, ":")[2] {
		t.Fatal("same origin")
	}
	// The page is on localhost, the card on 127.0.0.1: two sites, so
	// Chromium runs the card in a frame target of its own.
	hostURL := strings.Replace(host.URL, "127.0.0.1", "localhost", 1)
	if err := chromedp.Do(ctx, chromedp.Navigate(hostURL+"/")); err != nil {
		t.Fatal(err)
	}
	var text string
	for i := 0; i < 50 && text == ""; i++ {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.HasPrefix(info.URL, archive.URL+"/embed/1190/") {
				frame, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
				text, _ = chromedp.Run(frame, chromedp.Text(chromedp.CSS("article.card h1")))
				cancel()
			}
		}
		if text == "" {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !strings.Contains(text, "Inflation eases in most euro countries") {
		t.Errorf("embed card headline in the iframe: %q", text)
	}
}
