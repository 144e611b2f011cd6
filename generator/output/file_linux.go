package output

import (
	"io"
	"io/fs"

	"golang.org/x/sys/unix"
)

// On Linux, os.OpenFile offers every file it opens to the runtime's
// poller: two fcntl calls to set O_NONBLOCK, an epoll_ctl that fails for a
// regular file, two more to clear it. A full build writes three files a
// story, so the pages are written and compared with the bare system calls
// instead: five fewer per file.

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

// readFile returns the bytes of the file name, or its first size+1 when it
// holds more than size.
func readFile(name string, size int) ([]byte, error) {
	fd, err := retry(func() (int, error) { return unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	b := make([]byte, size+1)
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

// retry calls f again for as long as a signal interrupts it.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}
