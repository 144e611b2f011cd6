// Package output writes pages into the output folder, which it owns.
//
// A build adds its pages to a Writer. A page whose bytes equal the file
// already there is left alone (it keeps its modification time); any other
// is written to a staging folder inside the output folder. Nothing visible
// changes until Commit, which renames the staged files into place in the
// order of their Kind (assets, stories, the lists that link to them, feeds),
// so that a reader of the folder at any moment finds every file complete and
// every internal link answered, and then removes the files that no longer
// belong. Abort removes the staging folder and leaves the output exactly as
// it was. A crash leaves at most a staging folder, which the next Writer
// removes.
//
// The folder carries a marker file, .dateline-output. A folder that exists,
// is not empty and has no marker is not dateline's, and New refuses it, so
// that a mistyped -o never deletes somebody's files. Hidden files and
// folders at the top (.git, .well-known, ...) are never removed.
package output

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"dateline/generator/render"
)

// Marker is the file that marks a folder as dateline's output.
const Marker = ".dateline-output"

const staging = ".dateline-staging"

// Stats counts what a build did to the output folder.
type Stats struct {
	Written, Unchanged, Removed int
}

// Writer stages pages and commits them to the output folder.
type Writer struct {
	dir     string
	stage   string
	counter atomic.Int64

	mu        sync.Mutex
	staged    []stagedFile
	paths     map[string]bool
	unchanged int
}

type stagedFile struct {
	path string // relative, slash-separated
	tmp  string // absolute
	kind render.Kind
}

// New prepares dir for a build: it creates the folder if needed, checks that
// it is dateline's, and clears what a crashed build left behind.
func New(dir string) (*Writer, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
			return nil, fmt.Errorf("output folder %s is not empty and was not written by dateline (no %s file): empty it or choose another with -o", dir, Marker)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		if err := os.WriteFile(filepath.Join(dir, Marker), nil, 0o644); err != nil {
			return nil, err
		}
	}
	w := &Writer{dir: dir, stage: filepath.Join(dir, staging), paths: map[string]bool{}}
	if err := os.RemoveAll(w.stage); err != nil {
		return nil, err
	}
	if err := os.Mkdir(w.stage, 0o755); err != nil {
		return nil, err
	}
	return w, nil
}

// Add stages one page; a page marked Keep stays as the file already there.
// It is safe for concurrent use.
func (w *Writer) Add(p render.Page) error {
	if err := checkPath(p.Path); err != nil {
		return err
	}
	w.mu.Lock()
	dup := w.paths[p.Path]
	w.paths[p.Path] = true
	w.mu.Unlock()
	if dup {
		return fmt.Errorf("two pages would be written to %s", p.Path)
	}
	target := filepath.Join(w.dir, filepath.FromSlash(p.Path))
	if p.Keep || same(target, p.Data) {
		w.mu.Lock()
		w.unchanged++
		w.mu.Unlock()
		return nil
	}
	tmp := filepath.Join(w.stage, strconv.FormatInt(w.counter.Add(1), 10))
	if err := os.WriteFile(tmp, p.Data, 0o644); err != nil {
		return err
	}
	w.mu.Lock()
	w.staged = append(w.staged, stagedFile{path: p.Path, tmp: tmp, kind: p.Kind})
	w.mu.Unlock()
	return nil
}

// checkPath refuses a path that would leave the output folder.
func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || filepath.IsAbs(p) {
		return fmt.Errorf("page path %q is not relative", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." || seg == staging || seg == Marker {
			return fmt.Errorf("page path %q would leave its folder", p)
		}
	}
	return nil
}

// same reports whether the file at path holds exactly data.
func same(path string, data []byte) bool {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, data)
}

// Abort drops the staged pages; the output folder is as it was.
func (w *Writer) Abort() error {
	return os.RemoveAll(w.stage)
}

// Commit moves the staged pages into place, in Kind order, then removes the
// files that no page of this build wrote.
func (w *Writer) Commit() (Stats, error) {
	slices.SortFunc(w.staged, func(a, b stagedFile) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), strings.Compare(a.path, b.path))
	})
	for _, f := range w.staged {
		target := filepath.Join(w.dir, filepath.FromSlash(f.path))
		if err := makeParent(w.dir, target); err != nil {
			return Stats{}, err
		}
		if fi, err := os.Lstat(target); err == nil && fi.IsDir() {
			if err := os.RemoveAll(target); err != nil {
				return Stats{}, err
			}
		}
		if err := os.Rename(f.tmp, target); err != nil {
			return Stats{}, err
		}
	}
	removed, err := w.removeStale()
	if err != nil {
		return Stats{}, err
	}
	if err := os.RemoveAll(w.stage); err != nil {
		return Stats{}, err
	}
	return Stats{Written: len(w.staged), Unchanged: w.unchanged, Removed: removed}, nil
}

// makeParent creates target's folder, replacing a file that stands where a
// folder must be (a page that became a folder of pages).
func makeParent(root, target string) error {
	dir := filepath.Dir(target)
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		return nil
	}
	for d := dir; d != root && len(d) > len(root); d = filepath.Dir(d) {
		if fi, statErr := os.Lstat(d); statErr == nil && !fi.IsDir() {
			if rmErr := os.Remove(d); rmErr != nil {
				return rmErr
			}
			return os.MkdirAll(dir, 0o755)
		}
	}
	return err
}

// removeStale removes every file no page wrote, and the folders left empty.
func (w *Writer) removeStale() (int, error) {
	removed := 0
	var dirs []string
	err := filepath.WalkDir(w.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == w.dir {
			return nil
		}
		rel := filepath.ToSlash(p[len(w.dir)+1:])
		if !strings.Contains(rel, "/") && strings.HasPrefix(rel, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if !w.paths[rel] {
			removed++
			return os.Remove(p)
		}
		return nil
	})
	if err != nil {
		return removed, err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if entries, err := os.ReadDir(dirs[i]); err == nil && len(entries) == 0 {
			_ = os.Remove(dirs[i])
		}
	}
	return removed, nil
}
