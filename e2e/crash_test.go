package e2e

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"dateline/bench"
)

// TestKilledBuildsLeaveUsableOutput kills `dateline build` (SIGKILL) at 20
// random moments while it rewrites a 5,000-story archive in which many
// pages change. After each kill the output folder must be usable: every
// page complete, every internal link answered. A rerun must then make it
// byte for byte what a clean build writes.
func TestKilledBuildsLeaveUsableOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 5,000-story archive 60 times")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "dateline")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := filepath.Join(dir, "site")
	if err := bench.Write(site, 5000, 1); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	build := func(args ...string) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"build", "-s", site, "-o", out, "--now", "2026-11-27T12:00:00Z"}, args...)...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, msg)
		}
	}
	start := time.Now()
	build()
	full := time.Since(start)
	r := rand.New(rand.NewPCG(20, 26))
	var stories []string
	filepath.WalkDir(filepath.Join(site, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			stories = append(stories, p)
		}
		return nil
	})
	for kill := range 20 {
		// Retitle 200 stories (their pages, beat pages, date pages and feeds
		// change) and drop a few.
		for range 200 {
			p := stories[r.IntN(len(stories))]
			data, err := os.ReadFile(p)
			if err != nil {
				continue // dropped earlier
			}
			data = retitle.ReplaceAll(data, []byte(fmt.Sprintf("${1} %d${2}", kill)))
			os.WriteFile(p, data, 0o644)
		}
		cmd := exec.Command(bin, "build", "-s", site, "-o", out, "--now", "2026-11-27T12:00:00Z")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(r.Int64N(int64(full))))
		cmd.Process.Kill()
		cmd.Wait()
		checkUsable(t, out, kill)
		if kill%5 == 4 {
			build()
			clean := filepath.Join(dir, fmt.Sprintf("clean%d", kill))
			cmd := exec.Command(bin, "build", "-s", site, "-o", clean, "--now", "2026-11-27T12:00:00Z", "--changes", filepath.Join(dir, "c.json"))
			cmd.Env = append(os.Environ(), "HOME="+dir)
			os.Rename(filepath.Join(site, ".dateline"), filepath.Join(dir, "cache-aside"))
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("clean build: %v\n%s", err, msg)
			}
			os.RemoveAll(filepath.Join(site, ".dateline"))
			os.Rename(filepath.Join(dir, "cache-aside"), filepath.Join(site, ".dateline"))
			if diff := compareTrees(t, clean, out); diff != "" {
				t.Fatalf("after kill %d and a rerun, the output differs from a clean build: %s", kill, diff)
			}
			os.RemoveAll(clean)
		}
	}
}

// retitle matches a wire title line or a front matter title, up to where a
// word can be added.
var retitle = regexp.MustCompile(`(?m)^(## [^\r\n]*|title = "[^"\r\n]*)("?)$`)

var hrefAttr = regexp.MustCompile(`(?:href|src)="(/[^"#?]*)`)

// checkUsable checks every page of out: complete, and every internal link
// answered.
func checkUsable(t *testing.T, out string, kill int) {
	t.Helper()
	pages := map[string]bool{}
	var html []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, ".dateline-staging/") {
			return nil // not published: the next build clears it
		}
		pages[rel] = true
		if strings.HasSuffix(rel, ".html") {
			html = append(html, p)
		}
		return nil
	})
	for _, p := range html {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
			t.Fatalf("kill %d: %s is incomplete", kill, p)
		}
		for _, m := range hrefAttr.FindAllSubmatch(data, -1) {
			target := strings.TrimPrefix(string(m[1]), "/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if !pages[target] {
				t.Fatalf("kill %d: %s links to %s, which is not there", kill, p, m[1])
			}
		}
	}
}

// compareTrees returns "" when both folders hold the same files with the
// same bytes (the marker file aside).
func compareTrees(t *testing.T, a, b string) string {
	t.Helper()
	read := func(dir string) map[string][]byte {
		files := map[string][]byte{}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				if rel != ".dateline-output" {
					files[rel], _ = os.ReadFile(p)
				}
			}
			return nil
		})
		return files
	}
	fa, fb := read(a), read(b)
	for p, data := range fa {
		if !bytes.Equal(data, fb[p]) {
			return "file " + p
		}
	}
	for p := range fb {
		if _, ok := fa[p]; !ok {
			return "extra file " + p
		}
	}
	return ""
}
