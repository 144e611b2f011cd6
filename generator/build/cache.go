package build

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
)

// The persistent build cache, SITE/.dateline/cache.bin, lets one process
// start where the last one ended: it holds every story file's parse (with
// the file's size and modification time, so an unchanged file is not read
// again) and the last successful build's snapshot with the list of files it
// wrote (so that only the pages a change touches are rendered, and stale
// files are removed without walking the output folder).
//
// It is only an optimisation, and safe to delete. It is ignored whole when
// it was written by another dateline binary; the parses when config.toml
// changed; the snapshot when the output folder is not the one it describes
// (its token, see output.Writer.Token, differs). Callers remove it before
// they change the output folder and save it after, so that a crash in
// between leaves no cache that describes an output it does not match.

const cacheVersion = 4

// The file is a run of chunks, each an 8-byte little-endian length and that
// many bytes: a kind, then what the encoder wrote. A loader finds every
// chunk without decoding the ones before it, and decodes them on all cores.
//
//	header:  the cache key, config.toml's sum, how many parses, stories and
//	         pages the chunks hold and how many records a chunk holds (see
//	         chunkRecords), the output folder's token ("" for no snapshot),
//	         and the snapshot's site sum and template sums
//	parses:  records of a story file each, in path order across chunks:
//	         path, article (without its path), diagnostics, sum, listed,
//	         size, time
//	stories: the snapshot's records, in path order: the story's file as its
//	         index among the parses, sig, shown, the neighbours older and
//	         newer (their index among the stories plus one, 0 for none),
//	         beat, pos, page, y, m, d
//	pages:   the files the last build wrote
const (
	headerChunk = 'H'
	parseChunk  = 'P'
	storyChunk  = 'S'
	pageChunk   = 'W'
)

// chunkRecords is how many parses or stories a chunk holds (pages: 8 times
// as many), but the last of its kind: enough to be worth a core, few enough
// that the chunks share the cores evenly. A chunk's records thus have their
// place in the whole known before it is decoded. (A variable for the tests.)
var chunkRecords = 4096

// chunk is where a chunk's bytes are in the file.
type chunk struct {
	kind byte
	off  int64 // of its first byte after the kind
	size int64 // its bytes after the kind
}

// chunks finds the chunks of a file's bytes; it reports false when the
// lengths do not add up to the file.
func chunks(data []byte) ([]chunk, bool) {
	var cs []chunk
	size := int64(len(data))
	for off := int64(0); off < size; {
		if size-off < 9 {
			return nil, false
		}
		n := binary.LittleEndian.Uint64(data[off:])
		if n == 0 || n > uint64(size-off-8) {
			return nil, false
		}
		c := chunk{kind: data[off+8], off: off + 9, size: int64(n) - 1}
		if len(cs) == 0 && c.kind != headerChunk || len(cs) > 0 && strings.IndexByte(string([]byte{parseChunk, storyChunk, pageChunk}), c.kind) < 0 {
			return nil, false
		}
		cs = append(cs, c)
		off += 8 + int64(n)
	}
	return cs, len(cs) > 0
}

// in returns the chunk's bytes among the file's.
func (c chunk) in(data []byte) []byte {
	return data[c.off : c.off+c.size : c.off+c.size]
}

// onAllCores calls f for 0 to n-1, on every core.
func onAllCores(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

var binarySum = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return string(h.Sum(nil))
})

func cacheKey() string {
	return string(rune('0'+cacheVersion)) + binarySum()
}

// LoadCache restores the parses and, when token matches the output folder
// the cache describes, the last build's snapshot, from the cache at path. It
// returns the files the last build wrote, and whether the snapshot was
// restored. A missing or unusable cache restores nothing.
//
// From the first call on, every build checks each story file's size and
// modification time against its last parse, so that the parses it saves
// are valid for the next process.
func (b *Builder) LoadCache(path, token string) (pages []string, restored bool) {
	b.statFiles = true
	if binarySum() == "" {
		return nil, false
	}
	file, err := readCacheFile(path)
	if err != nil {
		return nil, false
	}
	cs, ok := chunks(file)
	if !ok {
		return nil, false
	}
	// What the cache holds is live until the build ends, and decoding it
	// leaves little garbage: collecting while the heap grows from nothing to
	// the whole cache would only mark the same objects again and again.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	d := newDecoder(cs[0].in(file))
	if d.str() != cacheKey() {
		return nil, false
	}
	cfgData, _, err := loadConfig(b.opt)
	if err != nil || sha256.Sum256(cfgData) != d.sum() {
		return nil, false
	}
	// (Counts are checked against the file's size before they size anything.)
	nFiles, nStories, nPages, perChunk := d.uint(), d.uint(), d.uint(), d.uint()
	if max(nFiles, nStories, nPages) > uint64(len(file)) || perChunk == 0 || perChunk > 1<<24 {
		return nil, false
	}
	withSnapshot := d.str()
	var last *snapshot
	if withSnapshot != "" {
		last = &snapshot{site: d.sum(), templates: map[string][32]byte{}}
		for range d.count() {
			name := d.str()
			last.templates[name] = d.sum()
		}
	}
	if d.bad || len(d.b) != 0 {
		return nil, false
	}
	// The parses first (the stories name files by their place among them),
	// then the stories and the pages, each on all cores, each chunk's
	// records straight into their places. The strings decoded are the
	// file's bytes (see readCacheFile and newDecoder): nothing is copied,
	// and the parses' bytes stay for WriteCache to write again (and with the
	// Builder: a build's process keeps them to its end).
	l := &loaded{
		paths: make([]string, nFiles), files: make([]*parsed, nFiles),
		states: make([]storyState, nStories), pages: make([]string, nPages),
		per: int(perChunk),
	}
	first, ok := firstRecords(cs, l)
	if !ok {
		return nil, false
	}
	read := &readParses{per: l.per, paths: l.paths, files: l.files, chunks: make([][]byte, (len(l.paths)+l.per-1)/l.per)}
	decode := func(kinds string) bool {
		var bad atomic.Bool
		onAllCores(len(cs), func(i int) {
			if strings.IndexByte(kinds, cs[i].kind) < 0 || bad.Load() {
				return
			}
			data := cs[i].in(file)
			if !l.decode(cs[i].kind, first[i], newDecoder(data)) {
				bad.Store(true)
			}
			if cs[i].kind == parseChunk {
				read.chunks[first[i]/l.per] = data
			}
		})
		return !bad.Load()
	}
	if !decode(string(parseChunk)) {
		return nil, false
	}
	if !inPathOrder(len(l.paths), func(i int) string { return l.paths[i] }) {
		return nil, false // (the builder walks them in that order)
	}
	b.order, b.parses = l.paths, l.files
	b.read = read
	if withSnapshot == "" || withSnapshot != token {
		return nil, false
	}
	if !decode(string(storyChunk) + string(pageChunk)) {
		return nil, false
	}
	last.stories, pages = l.states, l.pages
	if !inPathOrder(len(last.stories), func(i int) string { return last.stories[i].path }) {
		return nil, false
	}
	for _, st := range last.stories {
		if st.older >= int32(nStories) || st.newer >= int32(nStories) {
			return nil, false
		}
	}
	b.last = last
	return pages, true
}

// inPathOrder reports whether n records, the paths of which path gives, are
// in path order, no two with one path: across the chunks, as within each.
func inPathOrder(n int, path func(i int) string) bool {
	for i := 1; i < n; i++ {
		if path(i-1) >= path(i) {
			return false
		}
	}
	return true
}

// loaded is what LoadCache decodes, made to size before the first chunk.
type loaded struct {
	paths  []string // the parses' files, in path order
	files  []*parsed
	states []storyState // the snapshot's stories
	pages  []string
	per    int // records in a chunk of parses or stories (pages: 8 times as many)
}

// readParses is what LoadCache read of the cache's parses: each chunk's
// bytes, and the paths and parses they hold (chunk k: from k*per on).
type readParses struct {
	per    int
	chunks [][]byte // after the kind
	paths  []string
	files  []*parsed
}

// records returns the records a chunk of the given kind holds, in l.
func (l *loaded) records(kind byte) (n, per int) {
	switch kind {
	case parseChunk:
		return len(l.paths), l.per
	case storyChunk:
		return len(l.states), l.per
	case pageChunk:
		return len(l.pages), 8 * l.per
	}
	return 0, 0
}

// firstRecords returns the place of each chunk's first record among the
// records of its kind, and false when the chunks are not as many as the
// records need.
func firstRecords(cs []chunk, l *loaded) ([]int, bool) {
	first := make([]int, len(cs))
	seen := map[byte]int{}
	for i, c := range cs[1:] {
		_, per := l.records(c.kind)
		first[i+1] = seen[c.kind] * per
		seen[c.kind]++
	}
	for _, kind := range []byte{parseChunk, storyChunk, pageChunk} {
		n, per := l.records(kind)
		if seen[kind] != (n+per-1)/per {
			return nil, false
		}
	}
	return first, true
}

// decode decodes a chunk of the given kind, whose first record is the
// kind's record at, into its places in l. (A story chunk names files by
// their place among l.paths, decoded before.) It reports false for a chunk
// that is not what the encoder wrote.
func (l *loaded) decode(kind byte, at int, d *decoder) bool {
	n, per := l.records(kind)
	if at < 0 || at >= n || per == 0 {
		return false
	}
	n = min(n-at, per)
	switch kind {
	case parseChunk:
		for i := at; i < at+n; i++ {
			l.paths[i] = d.str()
			l.files[i] = &parsed{a: d.article(), diags: d.diags(), sum: d.sum(), listed: d.digest(), size: d.int(), mtime: d.int()}
			if l.files[i].a != nil {
				l.files[i].a.Path = l.paths[i]
			}
		}
	case storyChunk:
		beats := map[string]string{} // one string per beat
		last := -1                   // the parse of the story before
		for j := range n {
			i := d.uint()
			if i >= uint64(len(l.paths)) || int(i) <= last {
				return false
			}
			last = int(i)
			st := storyState{path: l.paths[i], sig: d.digest(), shown: d.digest(), older: int32(d.uint()) - 1, newer: int32(d.uint()) - 1}
			beat := d.bytes(d.count())
			if st.beat = beats[string(beat)]; st.beat == "" {
				st.beat = string(beat)
				beats[st.beat] = st.beat
			}
			st.pos, st.page, st.y = int32(d.int()), int32(d.int()), int16(d.int())
			st.m, st.d = int8(d.int()), int8(d.int())
			l.states[at+j] = st
		}
	case pageChunk:
		for i := at; i < at+n; i++ {
			l.pages[i] = d.str()
		}
	default:
		return false
	}
	return !d.bad && len(d.b) == 0
}
