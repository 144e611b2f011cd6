package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPathsNeverEscape gives every field a path can come from (slug, id,
// url, wire URL, alias, permalink pattern) a hostile value: each build
// fails with a diagnostic naming the field, and nothing is written beside
// the output folder (a canary file and the folder listing stay as they are).
func TestPathsNeverEscape(t *testing.T) {
	md := func(extra string) string {
		return "+++\ntitle = \"Escape\"\ndate = 2020-01-01T10:00:00Z\nbeat = \"Politics\"\n" + extra + "+++\nText.\n"
	}
	wire := func(url string) string {
		return "Beat: Politics\n\n## Escape\n\n-, 01.01.2020, 10:00\n\nText.\n\n**Article online:**\n\n<" + url + ">\n"
	}
	cases := []struct {
		name, file, data, config, want string
	}{
		{"slug with dots", "content/x.md", md("id = 9\nslug = \"../../canary\"\n"), "", "slug"},
		{"slug with a backslash", "content/x.md", md("id = 9\nslug = \"..\\\\..\\\\canary\"\n"), "", "slug"},
		{"url with dots", "content/x.md", md("url = \"/../../canary.html\"\n"), "", "url"},
		{"url with encoded dots", "content/x.md", md("url = \"/%2e%2e/%2E%2E/canary.html\"\n"), "", "url"},
		{"url with NUL", "content/x.md", md("url = \"/a%00b.html\"\n"), "", "url"},
		{"absolute url elsewhere", "content/x.md", md("url = \"file:///etc/passwd\"\n"), "", "url"},
		{"wire URL with dots", "content/x.txt", wire("https://news.example/../../canary.html"), "", "URL"},
		{"wire URL with a backslash", "content/x.txt", wire(`https://news.example/a\..\..\canary.html`), "", "URL"},
		{"alias with dots", "content/x.md", md("id = 9\naliases = [\"/../canary.html\"]\n"), "", "alias"},
		{"alias absolute elsewhere", "content/x.md", md("id = 9\naliases = [\"C:\\\\canary.html\"]\n"), "", "alias"},
		{"negative id", "content/x.md", md("id = -3\n"), "", "id"},
		{"pattern with dots", "", "", "[permalinks]\narticle = \"/../{id}/{slug}.html\"\n", "permalinks.article"},
		{"pattern with encoded dots", "", "", "[permalinks]\narticle = \"/%2e%2e/{id}/{slug}.html\"\n", "permalinks.article"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			site := filepath.Join(parent, "site")
			if err := os.Rename(writeArchive(t, archiveTxtar), site); err != nil {
				t.Fatal(err)
			}
			canary := filepath.Join(parent, "canary.html")
			if err := os.WriteFile(canary, []byte("canary"), 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.file != "" {
				os.WriteFile(filepath.Join(site, tc.file), []byte(tc.data), 0o644)
			}
			if tc.config != "" {
				cfg, _ := os.ReadFile(filepath.Join(site, "config.toml"))
				os.WriteFile(filepath.Join(site, "config.toml"), append(cfg, "\n"+tc.config...), 0o644)
			}
			_, stderr, code := run(t, "build", "-s", site)
			diags := stderr[:strings.Index(stderr, "dateline: ")]
			if code != 1 || !strings.Contains(diags, tc.want) {
				t.Errorf("exit %d, want 1 with a diagnostic naming %q:\n%s", code, tc.want, stderr)
			}
			entries, _ := os.ReadDir(parent)
			if len(entries) != 2 {
				t.Errorf("files beside the archive: %v", entries)
			}
			if b, _ := os.ReadFile(canary); string(b) != "canary" {
				t.Errorf("the canary changed")
			}
		})
	}
}
