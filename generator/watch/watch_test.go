package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name  string
		paths []string
		want  Batch
	}{
		{"story", []string{"content/a.txt"}, Batch{Kinds: []Kind{Content}, Content: []string{"content/a.txt"}}},
		{"editor save burst", []string{"content/.a.txt.swp", "content/a.txt~", "content/4913", "content/a.txt", "content/a.txt", "content/.#a.txt"},
			Batch{Kinds: []Kind{Content}, Content: []string{"content/a.txt"}}},
		{"template", []string{"templates/partials/footer.html"}, Batch{Kinds: []Kind{Template}, Templates: []string{"templates/partials/footer.html"}}},
		{"static", []string{"static/css/style.css"}, Batch{Kinds: []Kind{Static}, Static: []string{"static/css/style.css"}}},
		{"config", []string{"config.toml"}, Batch{Kinds: []Kind{Config}}},
		{"mixed, sorted by stage", []string{"static/x.png", "content/b.md", "config.toml", "templates/home.html"},
			Batch{Kinds: []Kind{Config, Template, Content, Static}, Content: []string{"content/b.md"}, Templates: []string{"templates/home.html"}, Static: []string{"static/x.png"}}},
		{"outside", []string{"public/index.html", "README.md", ".dateline/cache"}, Batch{}},
		{"folder moved in", []string{"content/2024", "content/2024/a.txt"}, Batch{Kinds: []Kind{Content}, Content: []string{"content/2024", "content/2024/a.txt"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Classify(tc.paths)); diff != "" {
				t.Errorf("Classify(%q) (-want +got):\n%s", tc.paths, diff)
			}
		})
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"a.txt": false, "a.md": false, ".a.txt.swp": true, "a.txt~": true, "4913": true, ".#a.txt": true,
		"content/x/.hidden": true, "x.swx": true, "style.css": false,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.Batches:
		return b
	case err := <-w.Errors:
		t.Fatal(err)
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5 s")
	}
	return Batch{}
}

func TestWatcher(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content/a", "templates", "static"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := New(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An editor's save: swap file, backup, the file itself: one batch.
	write("content/a/.s.txt.swp", "x")
	write("content/a/s.txt~", "x")
	write("content/a/s.txt", "story")
	if b := next(t, w); !slices.Equal(b.Content, []string{"content/a/s.txt"}) || !b.Has(Content) {
		t.Errorf("save: %+v", b)
	}
	// A burst of many files: one batch (or a few), every file in it.
	seen := map[string]bool{}
	for i := range 200 {
		write(filepath.Join("content", "a", "f"+string(rune('a'+i%26))+string(rune('a'+i/26))+".md"), "x")
	}
	for len(seen) < 200 {
		for _, p := range next(t, w).Content {
			seen[p] = true
		}
	}
	// A folder moved in, with a story inside; then a story in it.
	outside := filepath.Join(t.TempDir(), "moved")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "m.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(outside, filepath.Join(root, "content", "moved")); err != nil {
		t.Fatal(err)
	}
	if b := next(t, w); !slices.Contains(b.Content, "content/moved/m.txt") {
		t.Errorf("folder moved in: %+v", b)
	}
	write("content/moved/n.txt", "x")
	if b := next(t, w); !slices.Contains(b.Content, "content/moved/n.txt") {
		t.Errorf("file in a new folder: %+v", b)
	}
	write("config.toml", "title = \"x\"")
	if b := next(t, w); !b.Has(Config) {
		t.Errorf("config: %+v", b)
	}
	write("static/app.css", "x")
	if b := next(t, w); !b.Has(Static) || b.Has(Content) {
		t.Errorf("static: %+v", b)
	}
}
