//go:build !linux

package build

func (s siteDir) statDir(dir string) ([]dirEntry, error) { return nil, errNoStatDir }

func (s siteDir) readFile(p string, buf *[]byte) ([]byte, error) { return readStory(s.osFS, p, buf) }
