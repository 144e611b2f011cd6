package build

import (
	"io"
	"io/fs"
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

// readFile reads the file at p (slash-separated, relative to the archive)
// into *buf, as readStory does, with the bare system calls: os.Open offers
// every file to the runtime's poller, five more calls on Linux (two fcntl
// to set O_NONBLOCK, an epoll_ctl that fails for a regular file, two to
// clear it), and a full build opens every story file twice.
func (s siteDir) readFile(p string, buf *[]byte) ([]byte, error) {
	fd, err := retry(func() (int, error) {
		return unix.Open(filepath.Join(s.dir, filepath.FromSlash(p)), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer unix.Close(fd)
	data, err := readAll(func(b []byte) (int, error) {
		n, err := retry(func() (int, error) { return unix.Read(fd, b) })
		if n == 0 && err == nil {
			return 0, io.EOF
		}
		return max(n, 0), err
	}, buf)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: p, Err: err}
	}
	return data, nil
}

// retry calls f again for as long as a signal interrupts it.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}
