package output

import (
	"io"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// On Linux, os.OpenFile offers every file it opens to the runtime's
// poller: two fcntl calls to set O_NONBLOCK, an epoll_ctl that fails for a
// regular file, two more to clear it. A full build writes three files a
// story, so the pages are written and compared with the bare system calls
// instead: five fewer per file. The same goes for the folders a build
// without its cache reads to find the files no page wrote.

// writeFile writes data to the file name, creating or truncating it, as
// os.WriteFile(name, data, 0o644) does.
func writeFile(name string, data []byte) error {
	fd, err := retry(func() (int, error) {
		return unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := retry(func() (int, error) { return unix.Write(fd, data) })
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil { // (n is -1 then)
			unix.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// readFile reads the file name into b, as far as b's length: the file's
// bytes, or its first len(b) when it holds more.
func readFile(name string, b []byte) ([]byte, error) {
	fd, err := retry(func() (int, error) { return unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	n := 0
	for n < len(b) {
		m, err := retry(func() (int, error) { return unix.Read(fd, b[n:]) })
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if m == 0 {
			break
		}
		n += m
	}
	return b[:n], nil
}

// readDir returns the entries of the folder name in the order it gives
// them, as os.ReadDir does but unsorted and without the poller's five calls
// (os.NewFile leaves a descriptor it did not open out of the poller).
func readDir(name string) ([]fs.DirEntry, error) {
	fd, err := retry(func() (int, error) {
		return unix.Open(name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	return f.ReadDir(-1)
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
