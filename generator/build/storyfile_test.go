package build

import (
	"bytes"
	"fmt"
	"testing"
	"testing/fstest"
)

// TestReadStoryReusesItsBuffer: files of every size around the buffer's
// are read whole, one after the other into the same buffer.
func TestReadStoryReusesItsBuffer(t *testing.T) {
	fsys := fstest.MapFS{}
	sizes := []int{0, 1, 16<<10 - 1, 16 << 10, 16<<10 + 1, 100 << 10, 3}
	for i, n := range sizes {
		fsys[fmt.Sprint(i)] = &fstest.MapFile{Data: bytes.Repeat([]byte{byte('a' + i)}, n)}
	}
	buf := new([]byte)
	for i, n := range sizes {
		got, err := readStory(fsys, fmt.Sprint(i), buf)
		if err != nil || !bytes.Equal(got, fsys[fmt.Sprint(i)].Data) {
			t.Errorf("file of %d bytes: read %d bytes, %v", n, len(got), err)
		}
	}
	if _, err := readStory(fsys, "missing", buf); err == nil {
		t.Error("a missing file read without an error")
	}
}
