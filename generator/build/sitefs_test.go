package build

import (
	"errors"
	"io/fs"
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
	want, err := contentFiles(os.DirFS(dir), true, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := contentFiles(DirFS(dir), true, nil)
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
		if _, err := contentFiles(DirFS(dir), true, nil); err == nil {
			t.Error("an unreadable folder walked without an error")
		}
	}
}

// TestOnChange: Inputs tells OnChange's function, once, of a story file or
// a folder under content/ modified after the time given, by either walk,
// and of nothing older.
func TestOnChange(t *testing.T) {
	for name, open := range map[string]func(string) fs.FS{"DirFS": DirFS, "os.DirFS": os.DirFS} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			old := time.Now().Add(-time.Hour)
			for _, name := range []string{"config.toml", "content/a.md", "content/2024/b.md", "content/2024/01/c.md", "content/2024/01/notes.json"} {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			settle := func() {
				for _, p := range []string{"content/a.md", "content/2024/b.md", "content/2024/01/c.md", "content/2024/01/notes.json", "content/2024", "content/2024/01"} {
					if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(p)), old, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
						t.Fatal(err)
					}
				}
			}
			since := old.Add(time.Minute)
			calls := func() int {
				t.Helper()
				n := 0
				b := NewBuilder(Options{Site: open(dir)})
				b.OnChange(since, func() { n++ })
				if _, _, err := b.Inputs(); err != nil {
					t.Fatal(err)
				}
				return n
			}
			settle()
			if n := calls(); n != 0 {
				t.Errorf("nothing changed: called %d times", n)
			}
			for _, c := range []struct {
				what string
				do   func(p string) error
			}{
				{"a story edited in place", func(p string) error { return os.WriteFile(p, []byte("edited"), 0o644) }},
				{"a story removed", os.Remove},
			} {
				settle()
				if err := c.do(filepath.Join(dir, "content", "2024", "01", "c.md")); err != nil {
					t.Fatal(err)
				}
				if n := calls(); n != 1 {
					t.Errorf("%s: called %d times, want 1", c.what, n)
				}
			}
			// A file that is no story is no input of the walk; its
			// folder's time, unchanged by an edit in place, tells nothing.
			settle()
			if err := os.WriteFile(filepath.Join(dir, "content", "2024", "01", "notes.json"), []byte("{}"), 0o644); err != nil {
				t.Fatal(err)
			}
			if n := calls(); n != 0 {
				t.Errorf("a file that is no story edited: called %d times", n)
			}
		})
	}
}
