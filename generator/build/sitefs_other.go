//go:build !linux

package build

func (s siteDir) statDir(dir string) ([]dirEntry, error) { return nil, errNoStatDir }

// readFile reads the file at p into *buf, as readStory does for any file system.
func (s siteDir) readFile(p string, buf *[]byte) ([]byte, error) { return readStory(s.osFS, p, buf) }
