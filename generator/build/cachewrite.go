package build

// Writing the build cache (its format and reading: cache.go).

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync/atomic"
)

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
	paths, parses := b.order, b.parses
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
			if read, ok := b.read.unchanged(paths, parses, from, settled); ok {
				e.b = append(e.b, read...)
				return
			}
			for i := from; i < min(from+chunkRecords, len(paths)); i++ {
				f := parses[i]
				e.str(paths[i])
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

// unchanged returns the bytes of the chunk LoadCache read that holds the
// parses of paths from from on (parses[i] is paths[i]'s), when it holds the
// same: the same paths, each with the very parse it had, chunkRecords of
// them (or the rest), none changed within Settled of settled (which the
// encoder would mark). A parse read from the cache is its bytes: writing
// them again writes what encoding the parse would.
func (r *readParses) unchanged(paths []string, parses []*parsed, from int, settled int64) ([]byte, bool) {
	to := min(from+chunkRecords, len(paths))
	if r == nil || r.per != chunkRecords || from/r.per >= len(r.chunks) || min(from+r.per, len(r.paths)) != to {
		return nil, false
	}
	for i := from; i < to; i++ {
		if paths[i] != r.paths[i] || parses[i] != r.files[i] || r.files[i].mtime > settled {
			return nil, false
		}
	}
	return r.chunks[from/r.per], true
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
				// An encoder first, then a chunk: a chunk taken is a chunk
				// being encoded, so the one the writer waits for always is.
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
