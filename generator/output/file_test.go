package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFileAndReadFile: writeFile creates and truncates as
// os.WriteFile does; readFile stops at the end of the buffer it is given;
// both name the file in their errors (a full disk too), and a missing
// folder is fs.ErrNotExist (which place answers by making it).
func TestWriteFileAndReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "page.html")
	for _, data := range []string{strings.Repeat("long ", 10000), "short", ""} {
		if err := writeFile(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(p); err != nil || string(got) != data {
			t.Fatalf("after writeFile of %d bytes the file holds %d, %v", len(data), len(got), err)
		}
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm()&0o600 != 0o600 {
			t.Fatalf("the page's mode: %v, %v", fi.Mode(), err)
		}
	}
	if err := writeFile(p, []byte("0123456789")); err != nil {
		t.Fatal(err)
	}
	for size, want := range map[int]string{11: "0123456789", 21: "0123456789", 5: "01234", 1: "0", 0: ""} {
		if got, err := readFile(p, make([]byte, size)); err != nil || string(got) != want {
			t.Errorf("readFile into %d bytes = %q, %v; want %q", size, got, err, want)
		}
	}
	missing := filepath.Join(dir, "no-folder", "index.html")
	var pe *fs.PathError
	if err := writeFile(missing, nil); !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != missing {
		t.Errorf("writeFile into a missing folder: %v, want a PathError for %s that is fs.ErrNotExist", err, missing)
	}
	// A disk that fills up is an error, not a crash (the write reports -1
	// bytes then).
	if _, err := os.Stat("/dev/full"); err == nil {
		if err := writeFile("/dev/full", []byte("page")); err == nil || !errors.As(err, &pe) || pe.Op != "write" {
			t.Errorf("writeFile onto a full device: %v, want a write PathError", err)
		}
	}
	if _, err := readFile(missing, make([]byte, 1)); !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != missing {
		t.Errorf("readFile of a missing file: %v, want a PathError for %s that is fs.ErrNotExist", err, missing)
	}
}
