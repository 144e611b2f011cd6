package cli

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"dateline/generator/build/buildtest"
	"dateline/static"
	"dateline/templates"
)

const archiveTxtar = `
-- config.toml --
title = "Test Wire"
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
-- content/b.md --
+++
title = "Markets calm"
date = 2014-01-02T10:00:00+01:00
beat = "Economy"
id = 600
+++
Calm.
`

// writeArchive writes a txtar archive into a new folder.
func writeArchive(t *testing.T, src string) string { return buildtest.Write(t, src) }

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, Theme{Templates: templates.FS, Static: static.FS}, &out, &errb)
	if err != nil && err.Error() != "" {
		errb.WriteString("dateline: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), ExitCode(err)
}

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		fi, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b) + "|" + fi.ModTime().String()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var summary = regexp.MustCompile(`^built 2 stories: \d+ pages written, 0 unchanged, 0 removed in \d+\.\d\d s\n$`)

func TestBuildThenFailedBuildKeepsOutput(t *testing.T) {
	site := writeArchive(t, archiveTxtar)
	stdout, stderr, code := run(t, "build", "-s", site)
	if code != 0 || !summary.MatchString(stdout) {
		t.Fatalf("build: code %d\nstdout %q\nstderr %s", code, stdout, stderr)
	}
	out := filepath.Join(site, "public")
	if _, err := os.Stat(filepath.Join(out, "bericht-575", "council-approves-budget.html")); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	time.Sleep(10 * time.Millisecond)
	// Break one story, change another: nothing may be written.
	if err := os.WriteFile(filepath.Join(site, "content", "a.txt"), []byte("Beat: Politics\n\n## Council\n\n-, 31.02.2013, 07:25\n\nBody.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "c.md"), []byte("+++\ntitle = \"New\"\ndate = 2015-01-01\nbeat = \"World\"\n+++\nNew.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, "build", "-s", site)
	if code != 1 {
		t.Errorf("failed build exited %d, want 1", code)
	}
	want := "content/a.txt:5: impossible date 31.02.2013: no such day\ndateline: build failed: 1 error; " + out + " is unchanged\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	if diff := cmp.Diff(before, tree(t, out)); diff != "" {
		t.Errorf("a failed build changed the output (-before +after):\n%s", diff)
	}
}

func TestNew(t *testing.T) {
	site := writeArchive(t, archiveTxtar)
	stdout, stderr, code := run(t, "new", "-s", site, "--beat", "Crude Oil", "Brent über 100 Dollar")
	if code != 0 {
		t.Fatalf("new: %d %s", code, stderr)
	}
	p := filepath.Join(site, "content", "crude-oil", "brent-ueber-100-dollar.md")
	if stdout != "wrote "+p+" (id 601)\n" {
		t.Errorf("stdout %q", stdout)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title = \"Brent über 100 Dollar\"", "beat = \"Crude Oil\"", "id = 601", "date = "} {
		if !strings.Contains(string(b), want) {
			t.Errorf("new story lacks %q:\n%s", want, b)
		}
	}
	if _, stderr, code := run(t, "build", "-s", site); code != 0 {
		t.Fatalf("build after new: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "bericht-601", "brent-ueber-100-dollar.html")); err != nil {
		t.Errorf("new story not built: %v", err)
	}
	if _, _, code := run(t, "new", "-s", site, "--beat", "Crude Oil", "Brent über 100 Dollar"); code != 1 {
		t.Errorf("new over an existing file exited %d", code)
	}
}

func TestUsage(t *testing.T) {
	site := writeArchive(t, archiveTxtar)
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"no command", nil, 2},
		{"unknown command", []string{"frobnicate"}, 2},
		{"help", []string{"-h"}, 0},
		{"build help", []string{"build", "-h"}, 0},
		{"new help", []string{"new", "-h"}, 0},
		{"unknown flag", []string{"build", "--nope"}, 2},
		{"build argument", []string{"build", "-s", site, "extra"}, 2},
		{"bad now", []string{"build", "-s", site, "--now", "yesterday"}, 2},
		{"no site", []string{"build", "-s", filepath.Join(site, "missing")}, 2},
		{"new without beat", []string{"new", "-s", site, "Title"}, 2},
		{"new without title", []string{"new", "-s", site, "--beat", "X"}, 2},
		{"version", []string{"version"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, stderr, code := run(t, tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tc.code, stderr)
			}
		})
	}
}

func TestConfigError(t *testing.T) {
	site := writeArchive(t, archiveTxtar+"-- extra --\n")
	if err := os.WriteFile(filepath.Join(site, "config.toml"), []byte("title = \"x\"\ntimezone = \"Mars/Olympus\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, "build", "-s", site)
	if code != 1 || !strings.HasPrefix(stderr, "config.toml:2: timezone: unknown time zone \"Mars/Olympus\"") {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
}

func TestCheck(t *testing.T) {
	site := writeArchive(t, archiveTxtar+`-- content/c.md --
+++
title = "Links"
date = 2015-01-01T10:00:00Z
beat = "Economy"
id = 700
+++
See [the budget](/bericht-575/council-approves-budget.html), [a lost story](/bericht-9/lost.html)
and [elsewhere](https://example.org/x).
-- templates/partials/footer.html --
<footer class="legal"><a href="/nowhere/">Nowhere</a></footer>
`)
	stdout, stderr, code := run(t, "check", "-s", site)
	want := "content/c.md:1: broken link to /bericht-9/lost.html (in /bericht-700/links.html): no page answers there\n" +
		"templates/404.html:1: broken link to /nowhere/ (in /404.html): no page answers there\n"
	if code != 1 || stderr != want || !strings.HasPrefix(stdout, "checked 3 stories, ") {
		t.Errorf("check: exit %d\nstdout %s\nstderr %s\nwant %s", code, stdout, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("check wrote the output folder")
	}
	os.Remove(filepath.Join(site, "templates", "partials", "footer.html"))
	os.WriteFile(filepath.Join(site, "content", "c.md"), []byte("+++\ntitle = \"Links\"\ndate = 2015-01-01T10:00:00Z\nbeat = \"Economy\"\nid = 700\n+++\nFine.\n"), 0o644)
	if _, stderr, code := run(t, "check", "-s", site); code != 0 {
		t.Errorf("check of a good archive: %d %s", code, stderr)
	}
}

// TestKeepGoing breaks a published story and adds a new one: --keep-going
// publishes the new story, keeps the broken story's page as it was, lists
// the problem and exits 1.
func TestKeepGoing(t *testing.T) {
	site := writeArchive(t, archiveTxtar)
	if _, stderr, code := run(t, "build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(site, "public")
	page := filepath.Join(out, "bericht-575", "council-approves-budget.html")
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	beforeTree := tree(t, out)
	os.WriteFile(filepath.Join(site, "content", "a.txt"), []byte("Beat: Politics\n\n## Council approves budget\n\n-, 31.02.2013, 07:25\n\nTypo.\n"), 0o644)
	os.WriteFile(filepath.Join(site, "content", "c.md"), []byte("+++\ntitle = \"Port reopens\"\ndate = 2015-01-01T10:00:00Z\nbeat = \"Economy\"\nid = 601\n+++\nOpen.\n"), 0o644)
	_, stderr, code := run(t, "build", "-s", site, "--keep-going")
	if code != 1 || !strings.HasPrefix(stderr, "content/a.txt:5: impossible date 31.02.2013: no such day\n") {
		t.Errorf("keep-going: exit %d\n%s", code, stderr)
	}
	if after, err := os.ReadFile(page); err != nil || !bytes.Equal(before, after) {
		t.Errorf("the broken story's published page changed or went: %v", err)
	}
	if tree(t, out)[filepath.ToSlash(filepath.Join("bericht-575", "council-approves-budget.html"))] != beforeTree["bericht-575/council-approves-budget.html"] {
		t.Errorf("the broken story's page was rewritten")
	}
	if _, err := os.Stat(filepath.Join(out, "bericht-601", "port-reopens.html")); err != nil {
		t.Errorf("the new story was not published: %v", err)
	}
	// Without --keep-going, the same archive writes nothing.
	os.WriteFile(filepath.Join(site, "content", "d.md"), []byte("+++\ntitle = \"Later\"\ndate = 2016-01-01T10:00:00Z\nbeat = \"Economy\"\nid = 602\n+++\nLater.\n"), 0o644)
	if _, _, code := run(t, "build", "-s", site); code != 1 {
		t.Errorf("build without --keep-going: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(out, "bericht-602", "later.html")); !os.IsNotExist(err) {
		t.Errorf("a failed build without --keep-going published a story")
	}
}
