package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// contents maps every file under dir to its bytes.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for p, v := range tree(t, dir) {
		out[p] = v[:strings.LastIndex(v, "|")]
	}
	delete(out, ".dateline-output")
	return out
}

// TestCacheMatchesCleanBuild runs builds with the persistent cache through
// a series of changes and checks after each that the output folder equals
// a clean build's, and that the cache let unchanged pages alone.
func TestCacheMatchesCleanBuild(t *testing.T) {
	site := writeArchive(t, archiveTxtar)
	out := filepath.Join(site, "public")
	check := func(step string) {
		t.Helper()
		// A clean build of a copy, so that it neither uses nor touches the cache.
		copySite := t.TempDir()
		for p, v := range tree(t, site) {
			if strings.HasPrefix(p, "public/") || strings.HasPrefix(p, ".dateline/") {
				continue
			}
			dst := filepath.Join(copySite, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, []byte(v[:strings.LastIndex(v, "|")]), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		clean := filepath.Join(copySite, "public")
		if _, stderr, code := run(t, "build", "-s", copySite); code != 0 {
			t.Fatalf("%s: clean build: %s", step, stderr)
		}
		if diff := cmp.Diff(contents(t, clean), contents(t, out)); diff != "" {
			t.Fatalf("%s: output differs from a clean build (-clean +cached):\n%s", step, diff)
		}
	}
	build := func(step string) manifest {
		t.Helper()
		if _, stderr, code := run(t, "build", "-s", site); code != 0 {
			t.Fatalf("%s: %s", step, stderr)
		}
		var m manifest
		data, err := os.ReadFile(filepath.Join(site, ".dateline", "changes.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		check(step)
		return m
	}
	edit := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(site, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	written := func(stdout string) string {
		return strings.Fields(stdout)[3]
	}
	if m := build("first"); len(m.Added) == 0 || len(m.Changed) != 0 {
		t.Errorf("first build: %+v", m)
	}
	if stdout, _, _ := run(t, "build", "-s", site); written(stdout) != "0" {
		t.Errorf("no-op rebuild wrote pages: %s", stdout)
	}
	check("no-op")

	edit("content/b.md", "+++\ntitle = \"Markets nervous\"\ndate = 2014-01-02T10:00:00+01:00\nbeat = \"Economy\"\nid = 600\n+++\nNervous.\n")
	m := build("edit")
	story := "https://news.example/bericht-600/markets-nervous.html"
	// The old permalink is in the ledger: it now redirects to the new one.
	if !slices.Contains(m.Added, story) || !slices.Contains(m.Changed, "https://news.example/bericht-600/markets-calm.html") ||
		!slices.Contains(m.Changed, "https://news.example/economy/") || slices.Contains(m.Changed, "https://news.example/bericht-575/council-approves-budget.html") {
		t.Errorf("edit manifest: %+v", m)
	}

	edit("templates/article.html", "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n")
	build("template override")
	if err := os.Remove(filepath.Join(site, "templates", "article.html")); err != nil {
		t.Fatal(err)
	}
	build("template override removed")

	edit("config.toml", strings.Replace(archiveTxtar[strings.Index(archiveTxtar, "title"):strings.Index(archiveTxtar, "-- content")], "Test Wire", "Other Wire", 1))
	build("config")

	// A published story cannot just go: the ledger refuses; withdrawn, it may.
	story575, err := os.ReadFile(filepath.Join(site, "content", "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(site, "content", "a.txt")); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "build", "-s", site); code != 1 || !strings.Contains(stderr, "permalinks.txt:") {
		t.Errorf("deleting a published story: exit %d\n%s", code, stderr)
	}
	edit("content/a.txt", strings.Replace(string(story575), "Beat: Politics", "Beat: Politics\nWithdrawn: Legal reasons", 1))
	build("withdraw")

	// The output folder deleted: the cache must not be trusted.
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	build("output deleted")

	// A damaged cache is ignored.
	edit(".dateline/cache.bin", "garbage")
	build("cache damaged")
}
