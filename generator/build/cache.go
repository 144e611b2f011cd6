package build

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
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

// chunks finds the chunks of a file of the given size; it reports false
// when the lengths do not add up to the file.
func chunks(f io.ReaderAt, size int64) ([]chunk, bool) {
	var cs []chunk
	var head [9]byte
	for off := int64(0); off < size; {
		if _, err := f.ReadAt(head[:], off); err != nil {
			return nil, false
		}
		n := binary.LittleEndian.Uint64(head[:8])
		if n == 0 || n > uint64(size-off-8) {
			return nil, false
		}
		c := chunk{kind: head[8], off: off + 9, size: int64(n) - 1}
		if len(cs) == 0 && c.kind != headerChunk || len(cs) > 0 && strings.IndexByte(string([]byte{parseChunk, storyChunk, pageChunk}), c.kind) < 0 {
			return nil, false
		}
		cs = append(cs, c)
		off += 8 + int64(n)
	}
	return cs, len(cs) > 0
}

// read returns the chunk's bytes, in buf's memory when it is large enough.
func (c chunk) read(f io.ReaderAt, buf []byte) ([]byte, error) {
	if int64(cap(buf)) < c.size {
		buf = make([]byte, c.size)
	}
	buf = buf[:c.size]
	_, err := f.ReadAt(buf, c.off)
	return buf, err
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
	f, err := os.Open(path)
	if err != nil || binarySum() == "" {
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, false
	}
	cs, ok := chunks(f, fi.Size())
	if !ok {
		return nil, false
	}
	// What the cache holds is live until the build ends, and decoding it
	// leaves little garbage: collecting while the heap grows from nothing to
	// the whole cache would only mark the same objects again and again.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	data, err := cs[0].read(f, nil)
	if err != nil {
		return nil, false
	}
	d := newDecoder(data)
	if d.str() != cacheKey() {
		return nil, false
	}
	cfgData, _, err := loadConfig(b.opt)
	if err != nil || sha256.Sum256(cfgData) != d.sum() {
		return nil, false
	}
	// (Counts are checked against the file's size before they size anything.)
	nFiles, nStories, nPages, perChunk := d.uint(), d.uint(), d.uint(), d.uint()
	if max(nFiles, nStories, nPages) > uint64(fi.Size()) || perChunk == 0 || perChunk > 1<<24 {
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
	// records straight into their places. A chunk's bytes are read into a
	// buffer that is used again: what is kept is copied.
	l := &loaded{
		paths: make([]string, nFiles), files: make([]*parsed, nFiles),
		states: make([]storyState, nStories), pages: make([]string, nPages),
		per: int(perChunk),
	}
	first, ok := firstRecords(cs, l)
	if !ok {
		return nil, false
	}
	var buffers sync.Pool
	decode := func(kinds string) bool {
		var bad atomic.Bool
		onAllCores(len(cs), func(i int) {
			if strings.IndexByte(kinds, cs[i].kind) < 0 || bad.Load() {
				return
			}
			buf, _ := buffers.Get().([]byte)
			data, err := cs[i].read(f, buf)
			if err != nil || !l.decode(cs[i].kind, first[i], newDecoder(data)) {
				bad.Store(true)
			}
			buffers.Put(data[:0])
		})
		return !bad.Load()
	}
	if !decode(string(parseChunk)) {
		return nil, false
	}
	files := make(map[string]*parsed, nFiles)
	for i, p := range l.paths {
		files[p] = l.files[i]
	}
	if uint64(len(files)) != nFiles {
		return nil, false
	}
	b.files, b.order = files, l.paths
	if withSnapshot == "" || withSnapshot != token {
		return nil, false
	}
	if !decode(string(storyChunk) + string(pageChunk)) {
		return nil, false
	}
	last.stories, pages = l.states, l.pages
	for i := 1; i < len(last.stories); i++ {
		if last.stories[i-1].path >= last.stories[i].path {
			return nil, false // (in path order across chunks, as within each)
		}
	}
	for _, st := range last.stories {
		if st.older >= int32(nStories) || st.newer >= int32(nStories) {
			return nil, false
		}
	}
	b.last = last
	return pages, true
}

// loaded is what LoadCache decodes, made to size before the first chunk.
type loaded struct {
	paths  []string // the parses' files, in path order
	files  []*parsed
	states []storyState // the snapshot's stories
	pages  []string
	per    int       // records in a chunk of parses or stories (pages: 8 times as many)
	blocks sync.Pool // of *stringBlock
}

// stringBlock gathers a chunk's strings end to end, to be cut from one
// string: a chunk's worth of paths are one object for the collector, not
// thousands.
type stringBlock struct {
	text []byte
	ends []int // of each string in text
}

// strings returns an empty stringBlock, one used before when there is one.
func (l *loaded) strings() *stringBlock {
	b, _ := l.blocks.Get().(*stringBlock)
	if b == nil {
		return &stringBlock{}
	}
	b.text, b.ends = b.text[:0], b.ends[:0]
	return b
}

func (b *stringBlock) add(s []byte) {
	b.text = append(b.text, s...)
	b.ends = append(b.ends, len(b.text))
}

// cut sets into[i] to the i-th string added, all of them in one copy.
func (b *stringBlock) cut(into []string) {
	block, start := string(b.text), 0
	for i, end := range b.ends {
		into[i], start = block[start:end], end
	}
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
// their place among l.paths, decoded before.) Its paths are one
// stringBlock. It reports false for a chunk that is not what the encoder
// wrote.
func (l *loaded) decode(kind byte, at int, d *decoder) bool {
	n, per := l.records(kind)
	if at < 0 || at >= n || per == 0 {
		return false
	}
	n = min(n-at, per)
	switch kind {
	case parseChunk:
		paths := l.strings()
		defer l.blocks.Put(paths)
		for i := range n {
			paths.add(d.bytes(d.count()))
			l.files[at+i] = &parsed{a: d.article(), diags: d.diags(), sum: d.sum(), listed: d.digest(), size: d.int(), mtime: d.int()}
		}
		paths.cut(l.paths[at : at+n])
		for i, f := range l.files[at : at+n] {
			if f.a != nil {
				f.a.Path = l.paths[at+i]
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
		pages := l.strings()
		defer l.blocks.Put(pages)
		for range n {
			pages.add(d.bytes(d.count()))
		}
		pages.cut(l.pages[at : at+n])
	default:
		return false
	}
	return !d.bad && len(d.b) == 0
}

// SaveCache writes the cache at path: the parses, and the last successful
// build's snapshot for the output folder token with the files it wrote.
func (b *Builder) SaveCache(path, token string, pages []string) error {
	place, err := b.WriteCache(path, token, func() []string { return pages })
	if err != nil {
		return err
	}
	return place(true)
}

// WriteCache writes what SaveCache writes beside path, and returns the
// function that puts it at path (keep true) or drops it: a caller writes
// the cache while the output folder is committed, and puts it in place
// only once the folder is what it describes. The pages are asked for last.
func (b *Builder) WriteCache(path, token string, pages func() []string) (place func(keep bool) error, err error) {
	cfgData, _, err := loadConfig(b.opt)
	if err != nil {
		return nil, err
	}
	if binarySum() == "" {
		return nil, errors.New("cannot hash the dateline binary; no cache written")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	paths := b.order
	if len(paths) != len(b.files) {
		paths = slices.Sorted(maps.Keys(b.files))
	}
	var (
		stories []storyState
		parse   []int // of each story, its file's place among the parses
		written []string
	)
	if b.last != nil {
		stories = b.last.stories
		parse = make([]int, len(stories))
		j := 0
		for i, st := range stories {
			for j < len(paths) && paths[j] < st.path {
				j++
			}
			if j == len(paths) || paths[j] != st.path {
				// (Cannot be: the snapshot's stories are parses.) The
				// parses alone are still worth saving.
				token, stories = "", nil
				break
			}
			parse[i] = j
		}
		if token != "" {
			written = pages()
		}
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var chunks []chunkJob
	chunks = append(chunks, chunkJob{headerChunk, func(e *encoder) {
		e.str(cacheKey())
		e.sum(sha256.Sum256(cfgData))
		e.uint(uint64(len(paths)))
		e.uint(uint64(len(stories)))
		e.uint(uint64(len(written)))
		e.uint(uint64(chunkRecords))
		if b.last == nil || token == "" {
			e.str("")
			return
		}
		e.str(token)
		e.sum(b.last.site)
		e.uint(uint64(len(b.last.templates)))
		for _, name := range slices.Sorted(maps.Keys(b.last.templates)) {
			e.str(name)
			e.sum(b.last.templates[name])
		}
	}})
	settled := b.began.Add(-Settled).UnixNano()
	for from := 0; from < len(paths); from += chunkRecords {
		chunks = append(chunks, chunkJob{parseChunk, func(e *encoder) {
			for _, p := range paths[from:min(from+chunkRecords, len(paths))] {
				f := b.files[p]
				e.str(p)
				e.article(f.a)
				e.diags(f.diags)
				e.sum(f.sum)
				e.digest(f.listed)
				// A file changed less than Settled before the build read
				// it may change again within the same tick of the clock:
				// the next build reads it again.
				size := f.size
				if f.mtime > settled {
					size = -1
				}
				e.int(size)
				e.int(f.mtime)
			}
		}})
	}
	for from := 0; from < len(stories); from += chunkRecords {
		chunks = append(chunks, chunkJob{storyChunk, func(e *encoder) {
			for i := from; i < min(from+chunkRecords, len(stories)); i++ {
				s := stories[i]
				e.uint(uint64(parse[i]))
				e.digest(s.sig)
				e.digest(s.shown)
				e.uint(uint64(s.older + 1))
				e.uint(uint64(s.newer + 1))
				e.str(s.beat)
				for _, v := range []int64{int64(s.pos), int64(s.page), int64(s.y), int64(s.m), int64(s.d)} {
					e.int(v)
				}
			}
		}})
	}
	for from := 0; from < len(written); from += 8 * chunkRecords {
		chunks = append(chunks, chunkJob{pageChunk, func(e *encoder) {
			for _, p := range written[from:min(from+8*chunkRecords, len(written))] {
				e.str(p)
			}
		}})
	}
	werr := writeChunks(f, chunks)
	if err := errors.Join(werr, f.Close()); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return func(keep bool) error {
		if !keep {
			return os.Remove(tmp)
		}
		return os.Rename(tmp, path)
	}, nil
}

// chunkJob encodes one chunk of a kind.
type chunkJob struct {
	kind   byte
	encode func(e *encoder)
}

// writeChunks encodes the chunks on all cores and writes them to w in
// their order, each after its length and kind; at most a chunk per core
// and one more wait in memory to be written.
func writeChunks(w io.Writer, chunks []chunkJob) error {
	workers := runtime.GOMAXPROCS(0)
	free := make(chan *encoder, workers+1)
	for range workers + 1 {
		free <- &encoder{}
	}
	done := make([]chan *encoder, len(chunks))
	for i := range done {
		done[i] = make(chan *encoder, 1)
	}
	var next atomic.Int64
	for range min(workers, len(chunks)) {
		go func() {
			for {
				e := <-free
				i := int(next.Add(1)) - 1
				if i >= len(chunks) {
					free <- e
					return
				}
				e.b = append(e.b[:0], 0, 0, 0, 0, 0, 0, 0, 0, chunks[i].kind)
				chunks[i].encode(e)
				binary.LittleEndian.PutUint64(e.b, uint64(len(e.b)-8))
				done[i] <- e
			}
		}()
	}
	var err error
	for i := range chunks {
		e := <-done[i]
		if err == nil {
			_, err = w.Write(e.b)
		}
		free <- e
	}
	return err
}
