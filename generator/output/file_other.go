//go:build !linux

package output

import (
	"io"
	"os"
)

// writeFile writes data to the file name, creating or truncating it.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// readFile returns the bytes of the file name, or its first size+1 when it
// holds more than size.
func readFile(name string, size int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, int64(size)+1))
}
