package build

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// overlay is a read-only file system that lays top over bottom file by file:
// a file in top hides the file of the same name in bottom; folders merge.
// It is how an archive's templates/ and static/ override the default theme.
type overlay struct {
	top, bottom fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	return o.bottom.Open(name)
}

func (o overlay) ReadFile(name string) ([]byte, error) {
	if b, err := fs.ReadFile(o.top, name); err == nil {
		return b, nil
	}
	return fs.ReadFile(o.bottom, name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, errTop := fs.ReadDir(o.top, name)
	bottom, errBottom := fs.ReadDir(o.bottom, name)
	if errTop != nil && errBottom != nil {
		return nil, errors.Join(errTop, errBottom)
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range bottom {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// sub returns the folder dir of fsys, or an empty file system when there is
// none.
func sub(fsys fs.FS, dir string) fs.FS {
	if fi, err := fs.Stat(fsys, dir); err != nil || !fi.IsDir() {
		return empty{}
	}
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return empty{}
	}
	return s
}

// empty is a file system with no files.
type empty struct{}

func (empty) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
