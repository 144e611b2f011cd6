package output

// Committing a build: the staged pages into place, then the stale files
// out.

import (
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Commit moves the staged pages into place, in Kind order, then removes the
// files that no page of this build wrote.
func (w *Writer) Commit() (Stats, error) {
	// By kind (assets, stories, lists, feeds); within a kind new files
	// before changed ones, so that a changed page's links to new pages
	// answer the moment it is in place.
	slices.SortFunc(w.staged, func(a, b stagedFile) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), -cmp.Compare(boolInt(a.added), boolInt(b.added)), strings.Compare(a.path, b.path))
	})
	for _, f := range w.staged {
		target := filepath.Join(w.dir, filepath.FromSlash(f.path))
		if err := place(w.dir, target, func() error { return os.Rename(w.stagedName(f.n), target) }); err != nil {
			return Stats{}, err
		}
	}
	var st Stats
	for _, f := range w.staged {
		if f.added {
			st.Added = append(st.Added, f.path)
		} else {
			st.Changed = append(st.Changed, f.path)
		}
	}
	var err error
	switch {
	case w.keepStale, w.empty:
	case w.known != nil:
		st.Deleted, err = w.removeKnown()
	default:
		st.Deleted, err = w.removeStale()
	}
	if err != nil {
		return Stats{}, err
	}
	if err := os.RemoveAll(w.stage); err != nil {
		return Stats{}, err
	}
	st.Pages = w.Pages()
	if w.empty {
		st.Added = st.Pages // every page, written in place
	}
	slices.Sort(st.Added)
	slices.Sort(st.Changed)
	st.Written, st.Unchanged, st.Removed = len(w.staged)+w.inPlace, int(w.unchanged.Load()), len(st.Deleted)
	return st, nil
}

// removeKnown removes the files of the previous build that no page of this
// build claims, and the folders left empty.
func (w *Writer) removeKnown() ([]string, error) {
	if w.same() {
		return nil, nil // this build's pages are the last one's
	}
	var removed []string
	dirs := map[string]bool{}
	for i, p := range w.known {
		if w.claimedAt(i) || checkPath(p) != nil {
			continue
		}
		err := os.Remove(filepath.Join(w.dir, filepath.FromSlash(p)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		removed = append(removed, p)
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	sorted := slices.Sorted(maps.Keys(dirs))
	for i := len(sorted) - 1; i >= 0; i-- {
		_ = os.Remove(filepath.Join(w.dir, filepath.FromSlash(sorted[i]))) // only if empty
	}
	slices.Sort(removed)
	return removed, nil
}

// place runs put, which makes the file target, and when it fails makes
// target's folder and runs put again. A build makes hundreds of thousands
// of files, each in a folder that is there or in a new folder in one that
// is: a system call or three each, where checking the folder first costs
// one or two more. Anything else (a folder to make several levels deep, a
// file where a folder must be, a folder where the file must be) is mended
// by makeParent and by removing the folder.
func place(root, target string, put func() error) error {
	err := put()
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrNotExist) && os.Mkdir(filepath.Dir(target), 0o755) == nil {
		return put()
	}
	if err := makeParent(root, target); err != nil {
		return err
	}
	if fi, err := os.Lstat(target); err == nil && fi.IsDir() {
		if err := os.RemoveAll(target); err != nil {
			return err
		}
	}
	return put()
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
			if rmErr := os.Remove(d); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) {
				return rmErr
			}
			return os.MkdirAll(dir, 0o755)
		}
	}
	return err
}

// removeStale removes every file no page wrote, and the folders left empty.
// The top-level entries are shared out among the cores, and each folder is
// read once: at 100,000 stories there are 210,000 of them.
func (w *Writer) removeStale() ([]string, error) {
	entries, err := readDir(w.dir)
	if err != nil {
		return nil, err
	}
	// (Hidden entries at the top stay: the marker, the staging folder, .git.)
	hidden := func(e fs.DirEntry) bool { return strings.HasPrefix(e.Name(), ".") }
	entries = slices.DeleteFunc(entries, hidden)
	removed := make([][]string, runtime.GOMAXPROCS(0))
	errs := make([]error, len(removed))
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range removed {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(entries) && errs[k] == nil; i = int(next.Add(1)) - 1 {
				_, errs[k] = w.sweep(entries[i], "", &removed[k])
			}
		})
	}
	wg.Wait()
	all := slices.Concat(removed...)
	slices.Sort(all)
	return all, errors.Join(errs...)
}

// sweep removes the entry e of the folder rel (slash-separated, "" for the
// output folder) when it is a file no page of the build is at, or when it
// is a folder, the files under it that no page is at, then the folder if
// that left it empty. It reports whether e is gone, and adds the files it
// removed to removed.
func (w *Writer) sweep(e fs.DirEntry, rel string, removed *[]string) (gone bool, err error) {
	p := path.Join(rel, e.Name())
	full := filepath.Join(w.dir, filepath.FromSlash(p))
	if !e.IsDir() {
		if w.has(p) {
			return false, nil
		}
		*removed = append(*removed, p)
		return true, os.Remove(full)
	}
	entries, err := readDir(full)
	if err != nil {
		return false, err
	}
	left := len(entries)
	for _, sub := range entries {
		gone, err := w.sweep(sub, p, removed)
		if err != nil {
			return false, err
		}
		if gone {
			left--
		}
	}
	return left == 0 && os.Remove(full) == nil, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
