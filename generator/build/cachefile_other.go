//go:build !unix

package build

import "os"

// readCacheFile returns the bytes of the cache at path, read into memory of
// their own.
func readCacheFile(path string) ([]byte, error) {
	return os.ReadFile(path)
}
