package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/generator/output"
)

// TestManifestIsMarshalIndent: the manifest, written as it is made, is what
// json.MarshalIndent makes of it, whatever the URLs hold.
func TestManifestIsMarshalIndent(t *testing.T) {
	for _, st := range []output.Stats{
		{},
		{Added: []string{"index.html", "a/index.html", "feed.xml"}},
		{Added: []string{"x/index.html"}, Changed: []string{"q\"uote/", "a<b>&c/index.html", "ümlaut/index.html", "bad\xff/", "tab\t/", "line\u2028sep/"}, Deleted: []string{"gone.json"}},
	} {
		for _, base := range []string{"https://example.org/", "https://example.org/a&b/"} {
			var got bytes.Buffer
			if err := encodeManifest(bufio.NewWriter(&got), "2026-11-27T20:00:00Z", base, st); err != nil {
				t.Fatal(err)
			}
			want, err := json.MarshalIndent(manifest{Built: "2026-11-27T20:00:00Z", Added: manifestURLs(base, st.Added),
				Changed: manifestURLs(base, st.Changed), Removed: manifestURLs(base, st.Deleted)}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if want = append(want, '\n'); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%+v under %s:\n%s\nwant\n%s", st, base, got.Bytes(), want)
			}
		}
	}
}

// TestManifestThatSaysTheSameStays: a manifest that lists the same changes
// is not written again; one that lists others is.
func TestManifestThatSaysTheSameStays(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".dateline", "changes.json")
	st := output.Stats{Added: []string{"index.html", "a/index.html"}, Deleted: []string{"b.html"}}
	if err := writeManifest(path, "https://example.org/", st); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, past, past); err != nil {
		t.Fatal(err)
	}
	if err := writeManifest(path, "https://example.org/", st); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.ModTime().Equal(past) {
		t.Errorf("the same changes wrote the manifest again: %v", err)
	}
	st.Added[1] = "c/index.html" // as long, and different
	if err := writeManifest(path, "https://example.org/", st); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || !strings.Contains(string(data), `"https://example.org/c/"`) {
		t.Errorf("other changes did not write the manifest: %s, %v", data, err)
	}
}
