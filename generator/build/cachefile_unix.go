//go:build unix

package build

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// readCacheFile returns the bytes of the cache at path, mapped into memory
// read-only: they are the kernel's page cache, neither copied nor zeroed.
// The mapping is never undone, since strings decoded from it live with the
// Builder. It stays valid after the file is removed or replaced, as
// WriteCache replaces it: a new file renamed over the old one. (A program
// that wrote over the file in place while a build ran would crash that
// build: nothing but dateline has reason to touch it.) Where the file
// cannot be mapped (some network and FUSE file systems), it is read.
func readCacheFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close() // (the mapping outlives the descriptor)
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if size <= 0 || int64(int(size)) != size {
		return nil, errors.New("no cache of a size to map")
	}
	if data, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED); err == nil {
		return data, nil
	}
	return io.ReadAll(f)
}
