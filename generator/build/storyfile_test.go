package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestReadStoryReusesItsBuffer: files of every size around the buffer's
// are read whole, one after the other into the same buffer, from a file
// system in memory and from an archive folder on disk (DirFS, which reads
// with the bare system calls on Linux).
func TestReadStoryReusesItsBuffer(t *testing.T) {
	mem := fstest.MapFS{}
	dir := t.TempDir()
	sizes := []int{0, 1, 16<<10 - 1, 16 << 10, 16<<10 + 1, 100 << 10, 3}
	for i, n := range sizes {
		mem[fmt.Sprint(i)] = &fstest.MapFile{Data: bytes.Repeat([]byte{byte('a' + i)}, n)}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(i)), mem[fmt.Sprint(i)].Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, fsys := range map[string]fs.FS{"MapFS": mem, "DirFS": DirFS(dir)} {
		buf := new([]byte)
		for i, n := range sizes {
			got, err := readStory(fsys, fmt.Sprint(i), buf)
			if err != nil || !bytes.Equal(got, mem[fmt.Sprint(i)].Data) {
				t.Errorf("%s: file of %d bytes: read %d bytes, %v", name, n, len(got), err)
			}
		}
		_, err := readStory(fsys, "content/missing.md", buf)
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != "content/missing.md" {
			t.Errorf("%s: a missing file: %v, want a PathError for content/missing.md that is fs.ErrNotExist", name, err)
		}
	}
}
