package build

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// statDir lists the folder dir (slash-separated, relative to the archive)
// in the order the folder gives (contentFiles sorts what it finds), with
// each entry's size and time as lstat gives them.
func (s siteDir) statDir(dir string) ([]dirEntry, error) {
	f, err := os.Open(filepath.Join(s.dir, filepath.FromSlash(dir)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	conn, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	entries := make([]dirEntry, 0, len(names))
	var statErr error
	err = conn.Control(func(fd uintptr) {
		var st unix.Stat_t
		for _, name := range names {
			if statErr = unix.Fstatat(int(fd), name, &st, unix.AT_SYMLINK_NOFOLLOW); statErr != nil {
				statErr = &os.PathError{Op: "lstat", Path: filepath.Join(f.Name(), name), Err: statErr}
				return
			}
			entries = append(entries, dirEntry{name: name, dir: st.Mode&unix.S_IFMT == unix.S_IFDIR,
				size: st.Size, mtime: st.Mtim.Nano()})
		}
	})
	if err == nil {
		err = statErr
	}
	return entries, err
}
