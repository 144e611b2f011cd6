package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// dirTimes maps every file and folder under dir to its modification time.
func dirTimes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fi.ModTime().String()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNoopBuildWritesNothing: the second build in a row of an unchanged
// archive ends on the stamp: it reads no cache, and no file or folder of
// the archive or its output changes, not even a modification time.
func TestNoopBuildWritesNothing(t *testing.T) {
	site := writeArchive(t, archiveTxtar)
	// Inputs saved a moment ago: no stamp, the next build is a real one.
	if _, stderr, code := run(t, "build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(site, ".dateline", "stamp.json")); err == nil {
		t.Error("a stamp was written for inputs saved less than build.Settled ago")
	}
	settle(t, site)
	if _, stderr, code := run(t, "build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	// The second build writes the empty manifest; from then on nothing.
	if _, stderr, code := run(t, "build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	// A cache that cannot be read would make a build that looked at it
	// render everything and write the cache again.
	cache := filepath.Join(site, ".dateline", "cache.bin")
	if err := os.WriteFile(cache, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := dirTimes(t, site)
	stdout, stderr, code := run(t, "build", "-s", site)
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.HasPrefix(stdout, "built 2 stories: 0 pages written, ") || strings.Contains(stdout, " 0 unchanged") {
		t.Errorf("no-op build said %q", stdout)
	}
	if diff := cmp.Diff(before, dirTimes(t, site)); diff != "" {
		t.Errorf("a no-op build changed files (-before +after):\n%s", diff)
	}
	if data, _ := os.ReadFile(cache); string(data) != "garbage" {
		t.Error("a no-op build read or wrote the cache")
	}
}

// TestStampDoesNotHold: every change of what a build reads, and the clock
// reaching an embargo or the end of the news sitemap's window, makes the
// next build a real one (it equals a clean build of the same archive).
func TestStampDoesNotHold(t *testing.T) {
	const embargoed = `-- content/c.md --
+++
title = "Rates decision"
date = 2014-02-03T08:00:00+01:00
embargo = 2014-02-03T12:00:00+01:00
beat = "Economy"
id = 700
+++
Rates.
`
	site := writeArchive(t, archiveTxtar+embargoed)
	settle(t, site)
	out := filepath.Join(site, "public")
	has := func(p string) bool {
		_, err := os.Stat(filepath.Join(out, p))
		return err == nil
	}
	build := func(step string, args ...string) string {
		t.Helper()
		stdout, stderr, code := run(t, append([]string{"build", "-s", site}, args...)...)
		if code != 0 {
			t.Fatalf("%s: %s", step, stderr)
		}
		return stdout
	}
	build("first", "--now", "2014-02-02T10:00:00+01:00")
	if has("bericht-700/rates-decision.html") {
		t.Fatal("embargoed story published")
	}
	build("before the embargo", "--now", "2014-02-03T11:00:00+01:00")
	build("after the embargo", "--now", "2014-02-03T12:30:00+01:00")
	if !has("bericht-700/rates-decision.html") {
		t.Error("the stamp held past the embargo")
	}
	news := func() string {
		data, err := os.ReadFile(filepath.Join(out, "news-sitemap.xml"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if !strings.Contains(news(), "bericht-700") {
		t.Fatal("the lifted story is not in the news sitemap")
	}
	// An earlier now would hide the story again: the ledger refuses that.
	if _, stderr, code := run(t, "build", "-s", site, "--now", "2014-02-03T09:59:00+01:00"); code != 1 || !strings.Contains(stderr, "bericht-700") {
		t.Errorf("an earlier now: the stamp held (exit %d): %s", code, stderr)
	}
	build("again", "--now", "2014-02-03T12:30:00+01:00")
	build("within the window", "--now", "2014-02-05T07:59:00+01:00")
	if !strings.Contains(news(), "bericht-700") {
		t.Error("the story left the news sitemap early")
	}
	build("past the window", "--now", "2014-02-05T08:00:01+01:00")
	if strings.Contains(news(), "bericht-700") {
		t.Error("the stamp held past the news sitemap's window")
	}

	now := []string{"--now", "2014-03-01T00:00:00Z"}
	build("settled", now...)
	for _, c := range []struct {
		step string
		do   func()
		want string // in the output folder after the build
	}{
		{"story edited", func() {
			edit(t, site, "content/b.md", strings.Replace(archiveTxtar[strings.Index(archiveTxtar, "+++"):], "Calm.", "Calmer.", 1))
		}, "bericht-600/markets-calm.html"},
		{"template added", func() { edit(t, site, "templates/partials/footer.html", "<footer>Stamped</footer>\n") }, "index.html"},
		{"static file added", func() { edit(t, site, "static/robots-extra.txt", "x\n") }, "robots-extra.txt"},
		{"config changed", func() {
			data, _ := os.ReadFile(filepath.Join(site, "config.toml"))
			edit(t, site, "config.toml", strings.Replace(string(data), "Test Wire", "Stamp Wire", 1))
		}, "index.html"},
	} {
		c.do()
		settle(t, site)
		if stdout := build(c.step, now...); strings.Contains(stdout, " 0 pages written") {
			t.Errorf("%s: the stamp held: %s", c.step, stdout)
		}
		if !has(c.want) {
			t.Errorf("%s: no %s", c.step, c.want)
		}
	}
	if stdout := build("base URL", append(now, "--base-url", "https://other.example/")...); strings.Contains(stdout, " 0 pages written") {
		t.Errorf("--base-url: the stamp held: %s", stdout)
	}
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	build("output deleted", now...)
	if !has("index.html") {
		t.Error("output deleted: the stamp held")
	}
}

// settle dates every file of the archive in site an hour back (each call a
// little later than the last), so that a build may write its stamp: inputs
// younger than build.Settled get none.
func settle(t *testing.T, site string) {
	t.Helper()
	past := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, past, past)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// edit writes a file of the archive in site.
func edit(t *testing.T, site, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(site, p)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, p), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRacyEditIsSeen: a story saved again with the same size and the same
// modification time as when the last build read it (two saves within one
// tick of the clock) is read again, since it was saved less than
// build.Settled before that build.
func TestRacyEditIsSeen(t *testing.T) {
	site := writeArchive(t, archiveTxtar)
	story := filepath.Join(site, "content", "b.md")
	fi, err := os.Stat(story)
	if err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(story)
	edit(t, site, "content/b.md", strings.Replace(string(data), "Markets calm", "Markets gone", 1))
	if err := os.Chtimes(story, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	page, err := os.ReadFile(filepath.Join(site, "public", "bericht-600", "markets-calm.html"))
	if err != nil || !strings.Contains(string(page), "Markets gone") {
		t.Errorf("the second save was not seen: %v", err)
	}
}

// TestPagesDeletedByHandComeBack: `rm -r public/*` leaves the output
// marker (a hidden file) and deletes every page. The next build must write
// them all again: neither the stamp nor the cache may take them for there.
func TestPagesDeletedByHandComeBack(t *testing.T) {
	site := writeArchive(t, archiveTxtar)
	out := filepath.Join(site, "public")
	if _, stderr, code := run(t, "build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	settle(t, site)
	if _, stderr, code := run(t, "build", "-s", site); code != 0 { // writes the stamp
		t.Fatal(stderr)
	}
	want := tree(t, out)
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	stdout, stderr, code := run(t, "build", "-s", site)
	if code != 0 {
		t.Fatal(stderr)
	}
	got := tree(t, out)
	for _, m := range []map[string]string{want, got} {
		delete(m, ".dateline-output") // a new token
		for p, v := range m {
			m[p] = v[:strings.LastIndex(v, "|")] // the bytes, not the time
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after the pages were deleted by hand (%s) (-want +got):\n%s", strings.TrimSpace(stdout), diff)
	}
}

// TestCacheLoadBesideTheWalk: a build whose stamp cannot hold loads the
// cache while it walks content/ (build.Builder.OnChange): an edit saved a
// moment after the stamped build is built, and a folder whose time moved
// with nothing in it changed leaves the build a no-op that writes nothing.
func TestCacheLoadBesideTheWalk(t *testing.T) {
	site := writeArchive(t, archiveTxtar+"-- content/2014/01/c.md --\n+++\ntitle = \"Rates hold\"\ndate = 2014-01-03T10:00:00+01:00\nbeat = \"Economy\"\nid = 601\n+++\nHold.\n")
	settle(t, site)
	build := func(step string) string {
		t.Helper()
		stdout, stderr, code := run(t, "build", "-s", site)
		if code != 0 {
			t.Fatalf("%s: %s", step, stderr)
		}
		return stdout
	}
	build("first")
	build("stamped")
	// A file made and removed: the folder's time moves, the inputs are
	// the same, and the stamp holds.
	tmp := filepath.Join(site, "content", "2014", "01", "draft.md")
	if err := os.WriteFile(tmp, []byte("+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(tmp); err != nil {
		t.Fatal(err)
	}
	before := dirTimes(t, site)
	if stdout := build("a folder's time moved"); !strings.HasPrefix(stdout, "built 3 stories: 0 pages written, ") {
		t.Errorf("a folder's time moved: %s", stdout)
	}
	if diff := cmp.Diff(before, dirTimes(t, site)); diff != "" {
		t.Errorf("a no-op build changed files (-before +after):\n%s", diff)
	}
	// An edit in place, newer than the stamped build: built from the cache.
	edit(t, site, "content/2014/01/c.md", "+++\ntitle = \"Rates hold\"\ndate = 2014-01-03T10:00:00+01:00\nbeat = \"Economy\"\nid = 601\n+++\nHold, for now.\n")
	if stdout := build("edited"); strings.Contains(stdout, " 0 pages written") || strings.Contains(stdout, " 0 unchanged") {
		t.Errorf("edited: %s", stdout)
	}
	page, err := os.ReadFile(filepath.Join(site, "public", "bericht-601", "rates-hold.html"))
	if err != nil || !strings.Contains(string(page), "Hold, for now.") {
		t.Errorf("the edit is not on the story's page (%v)", err)
	}
}
