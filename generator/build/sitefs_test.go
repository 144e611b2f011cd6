package build

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestDirFSWalksAsOSDirFS: the walk of content/ through DirFS finds the
// same story files, with the same sizes and times, as through os.DirFS:
// nested and hidden folders, files that are no stories, a symlink.
func TestDirFSWalksAsOSDirFS(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"content/a.md": "a", "content/a/x.txt": "xx", "content/a-b.md": "ab", "content/a0.md": "0",
		"content/b/c/d/e.md": "eeee", "content/.hidden/h.md": "h", "content/notes.json": "{}",
		"content/b/_index.md": "index", "content/ü/ß.txt": "ss",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		old := time.Date(2020, 1, 2, 3, 4, 5, 6000, time.UTC)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.md", filepath.Join(dir, "content", "link.md")); err != nil {
		t.Fatal(err)
	}
	want, err := contentFiles(os.DirFS(dir), true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := contentFiles(DirFS(dir), true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || len(got) < 6 {
		t.Errorf("DirFS walk:\n got %+v\nwant %+v", got, want)
	}
	if _, ok := DirFS(dir).(siteDir); !ok {
		t.Error("DirFS is not a siteDir: the walk does not take the fast way")
	}
	// A folder that cannot be read is an error either way.
	if err := os.Chmod(filepath.Join(dir, "content", "b"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(dir, "content", "b"), 0o755)
	if os.Geteuid() != 0 { // (root reads it anyway)
		if _, err := contentFiles(DirFS(dir), true); err == nil {
			t.Error("an unreadable folder walked without an error")
		}
	}
}
