//go:build !linux

package build

func (s siteDir) statDir(dir string) ([]dirEntry, error) { return nil, errNoStatDir }
