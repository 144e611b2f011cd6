//go:build !linux

package output

import (
	"io"
	"io/fs"
	"os"
)

// writeFile writes data to the file name, creating or truncating it.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// readFile reads the file name into b, as far as b's length: the file's
// bytes, or its first len(b) when it holds more.
func readFile(name string, b []byte) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, b)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return b[:n], err
}

// readDir returns the entries of the folder name.
func readDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }
