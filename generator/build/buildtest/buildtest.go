// Package buildtest writes the small archives tests are made of. An archive
// is a txtar text (golang.org/x/tools/txtar): each "-- path --" line starts
// a file of the archive folder (config.toml, content/..., templates/...).
// MapFS turns it into an in-memory fs.FS for package build; Write writes it
// into a new temporary folder for the commands that read the disk.
package buildtest

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// MapFS returns the archive src as a file system in memory.
func MapFS(src string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse([]byte(src)).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// Write writes the archive src into a new folder that t removes, and
// returns the folder.
func Write(t testing.TB, src string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(src)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
