// Package output writes pages into the output folder, which it owns.
//
// A build adds its pages to a Writer. A page whose bytes equal the file
// already there is left alone (it keeps its modification time); any other
// is written to a staging folder inside the output folder. Nothing visible
// changes until Commit, which renames the staged files into place in the
// order of their Kind (assets, stories, the lists that link to them, feeds),
// so that a reader of the folder at any moment finds every file complete and
// every internal link answered, and then removes the files that no longer
// belong. Abort removes the staging folder and leaves the output exactly as
// it was. A crash leaves at most a staging folder, which the next Writer
// removes.
//
// A folder that holds nothing but the marker has nothing published to
// protect: there the pages are written in place as they come (no staging
// folder of a hundred thousand files, no renames), and Abort removes them
// again. A crash then leaves some pages, which the next build's Commit
// overwrites or removes like any stale file.
//
// The folder carries a marker file, .dateline-output. A folder that exists,
// is not empty and has no marker is not dateline's, and New refuses it, so
// that a mistyped -o never deletes somebody's files. Hidden files and
// folders at the top (.git, .well-known, ...) are never removed.
package output

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"dateline/generator/render"
)

// Marker is the file that marks a folder as dateline's output.
const Marker = ".dateline-output"

const staging = ".dateline-staging"

// Stats says what a build did to the output folder.
type Stats struct {
	Written, Unchanged, Removed int
	// The files, slash-separated paths relative to the folder.
	Added, Changed, Deleted []string
	// Pages lists every file this build's pages are at, sorted.
	Pages []string
}

// Writer stages pages and commits them to the output folder.
type Writer struct {
	dir       string
	stage     string
	token     string
	counter   atomic.Int64
	known     []string // the files the previous build wrote, sorted, when the caller knows them
	empty     bool     // the folder held no file but the marker: pages are written in place
	keepStale bool

	stageOnce sync.Once
	stageErr  error

	unchanged atomic.Int64

	// The pages of the build: those at a known path are bits of claimed
	// (bit i for known[i]), the others in paths. A build from the
	// cache keeps most of its pages, and a bit is all it needs for one: a
	// million stories keep three million, whose paths a set would hold
	// twice over (hundreds of megabytes that the collector marks again and
	// again).
	// (They are counted when all are added: a counter shared by the cores
	// would be one more contended write for every page.)
	claimed []atomic.Uint64

	mu      sync.Mutex
	staged  []stagedFile
	paths   pathSet  // the pages of the build at no known path
	pages   []string // every page's path sorted, once Pages is called
	inPlace int      // pages written in place (into an empty folder)
	// same memoizes sameAsKnown, for after the last Add.
	same func() bool
}

type stagedFile struct {
	path  string // relative, slash-separated
	n     int64  // its name in the staging folder
	kind  render.Kind
	added bool // no file was there before
}

// New prepares dir for a build: it creates the folder if needed, checks that
// it is dateline's, and clears what a crashed build left behind.
func New(dir string) (*Writer, error) {
	// A few names say whether the folder is empty, or holds more than the
	// marker and a crashed build's staging folder.
	entries, err := firstNames(dir, 3)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
			return nil, fmt.Errorf("output folder %s is not empty and was not written by dateline (no %s file): empty it or choose another with -o", dir, Marker)
		}
	}
	// A folder that holds nothing else has nothing to remove after the build.
	empty := !slices.ContainsFunc(entries, func(name string) bool { return name != Marker && name != staging })
	token, err := os.ReadFile(filepath.Join(dir, Marker))
	if err != nil || len(token) == 0 || empty {
		// A new folder, one from before markers held a token, or one whose
		// pages were deleted by hand (rm -r public/* leaves the marker): a
		// new token, so that no build cache or stamp takes the pages it
		// recorded for still there.
		var b [16]byte
		rand.Read(b[:])
		token = []byte(hex.EncodeToString(b[:]) + "\n")
		if err := os.WriteFile(filepath.Join(dir, Marker), token, 0o644); err != nil {
			return nil, err
		}
	}
	w := &Writer{dir: dir, stage: filepath.Join(dir, staging), token: strings.TrimSpace(string(token)), empty: empty}
	w.same = sync.OnceValue(w.sameAsKnown)
	if err := os.RemoveAll(w.stage); err != nil {
		return nil, err
	}
	return w, nil
}

// firstNames returns up to n names of the entries of dir.
func firstNames(dir string, n int) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(n)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return names, err
}

// Token identifies this output folder: it is written into the marker file
// when the folder is made, and stays until the folder is deleted. A build
// cache that recorded it can trust that the folder holds what it wrote.
func (w *Writer) Token() string { return w.token }

// KeepStale makes Commit remove nothing: for a build that left out broken
// stories, whose pages published before must stay as they were.
func (w *Writer) KeepStale() { w.keepStale = true }

// Known tells the writer which files the previous build wrote, so that
// Commit removes the ones no page claims without walking the folder.
// It is for before the first Add.
func (w *Writer) Known(paths []string) {
	if !strictlySorted(paths) {
		paths = slices.Compact(slices.Sorted(slices.Values(paths)))
	}
	w.known = paths
	w.claimed = make([]atomic.Uint64, (len(paths)+63)/64)
}

// strictlySorted reports whether every string of a list sorts after the one
// before it.
func strictlySorted(list []string) bool {
	for i := 1; i < len(list); i++ {
		if list[i-1] >= list[i] {
			return false
		}
	}
	return true
}

// Idle reports whether Commit would change nothing: no page staged, and
// (when the writer knows the previous build's files) none to remove.
func (w *Writer) Idle() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.staged) > 0 || w.inPlace > 0 || w.known == nil {
		return false
	}
	return w.same()
}

// Add stages one page; a page marked Keep stays as the file already there.
// It is safe for concurrent use.
func (w *Writer) Add(p render.Page) error {
	i, known := slices.BinarySearch(w.known, p.Path)
	// A page kept at a file the last build wrote writes nothing: a build
	// from the cache keeps hundreds of thousands, and checks the paths of
	// the others only.
	if !p.Keep || !known {
		if err := checkPath(p.Path); err != nil {
			return err
		}
	}
	if !w.claim(p.Path, i, known) {
		return fmt.Errorf("two pages would be written to %s", p.Path)
	}
	if w.empty {
		if p.Keep {
			return fmt.Errorf("%s: a page kept from the last build, in an output folder that holds none", p.Path)
		}
		return w.writeInPlace(p)
	}
	exists, equal := false, false
	if !p.Keep {
		exists, equal = same(filepath.Join(w.dir, filepath.FromSlash(p.Path)), p.Data)
	}
	if p.Keep || equal {
		w.unchanged.Add(1)
		return nil
	}
	n, err := w.stageFile()
	if err != nil {
		return err
	}
	if err := writeFile(w.stagedName(n), p.Data); err != nil {
		return err
	}
	w.mu.Lock()
	w.staged = append(w.staged, stagedFile{path: p.Path, n: n, kind: p.Kind, added: !exists})
	w.mu.Unlock()
	return nil
}

// claim records a page of the build at p, known[i] when known; it reports
// false when one is there already. It is safe for concurrent use.
func (w *Writer) claim(p string, i int, known bool) bool {
	if known {
		bit := uint64(1) << (i % 64)
		if w.claimed[i/64].Or(bit)&bit != 0 {
			return false
		}
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.paths.add(p)
}

// has reports whether a page of the build is at p.
func (w *Writer) has(p string) bool {
	if i, ok := slices.BinarySearch(w.known, p); ok {
		return w.claimedAt(i)
	}
	return w.paths.has(p)
}

// nClaimed returns how many pages of the build are at known paths.
func (w *Writer) nClaimed() (n int) {
	for i := range w.claimed {
		n += bits.OnesCount64(w.claimed[i].Load())
	}
	return n
}

// claimedAt reports whether a page of the build is at known[i].
func (w *Writer) claimedAt(i int) bool {
	return w.claimed[i/64].Load()&(uint64(1)<<(i%64)) != 0
}

// writeInPlace writes a page of a build into an empty folder at its place.
func (w *Writer) writeInPlace(p render.Page) error {
	target := filepath.Join(w.dir, filepath.FromSlash(p.Path))
	if err := place(w.dir, target, func() error { return writeFile(target, p.Data) }); err != nil {
		return err
	}
	w.mu.Lock()
	w.inPlace++
	w.mu.Unlock()
	return nil
}

// stageFile returns the number of a new file in the staging folder, which
// is made for the first file, so that a build that writes nothing touches
// nothing. (One folder: spreading the files over many made no build faster
// here.)
func (w *Writer) stageFile() (int64, error) {
	w.stageOnce.Do(func() { w.stageErr = os.Mkdir(w.stage, 0o755) })
	if w.stageErr != nil {
		return 0, w.stageErr
	}
	return w.counter.Add(1), nil
}

// stagedName is the path of staged file n; the number, not the name, is
// what a build keeps of each of its pages.
func (w *Writer) stagedName(n int64) string {
	return filepath.Join(w.stage, strconv.FormatInt(n, 10))
}

// checkPath refuses a path that would leave the output folder.
func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || filepath.IsAbs(p) {
		return fmt.Errorf("page path %q is not relative", p)
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "" || seg == "." || seg == ".." || seg == staging || seg == Marker {
			return fmt.Errorf("page path %q would leave its folder", p)
		}
	}
	return nil
}

// same reports whether a file is at path, and whether it holds exactly data.
func same(path string, data []byte) (exists, equal bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, false
	}
	if !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return true, false
	}
	buf := buffers.Get().(*[]byte)
	if cap(*buf) <= len(data) {
		*buf = make([]byte, len(data)+1)
	}
	old, err := readFile(path, (*buf)[:len(data)+1])
	equal = err == nil && bytes.Equal(old, data)
	if cap(*buf) <= maxBuffer {
		buffers.Put(buf)
	}
	return true, equal
}

// buffers holds the buffers same reads pages into, up to maxBuffer bytes
// each: a build over an output folder without its cache compares every
// page, 2.3 GB read at 100,000 stories, which buffers of their own would
// make garbage of.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

const maxBuffer = 1 << 20

// Abort drops the staged pages; the output folder is as it was. (A folder
// that was empty is emptied again, but for the marker.)
func (w *Writer) Abort() error {
	if !w.empty {
		return os.RemoveAll(w.stage)
	}
	names, err := firstNames(w.dir, -1)
	for _, name := range names {
		if name != Marker {
			err = cmp.Or(err, os.RemoveAll(filepath.Join(w.dir, name)))
		}
	}
	return err
}

// Pages returns the paths of every page added, sorted: what the folder
// holds once committed. It is for after the last Add.
func (w *Writer) Pages() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pages == nil && w.same() {
		w.pages = w.known
	}
	if w.pages == nil {
		// The known paths claimed and the others, two sorted lists merged.
		others := w.paths.sorted()
		pages := make([]string, 0, w.nClaimed()+len(others))
		for i, p := range w.known {
			if !w.claimedAt(i) {
				continue
			}
			for len(others) > 0 && others[0] < p {
				pages, others = append(pages, others[0]), others[1:]
			}
			pages = append(pages, p)
		}
		w.pages = append(pages, others...)
	}
	return w.pages
}

// sameAsKnown reports whether this build's pages are the previous build's:
// then the list is the known one.
func (w *Writer) sameAsKnown() bool {
	return w.known != nil && w.paths.len() == 0 && w.nClaimed() == len(w.known)
}
