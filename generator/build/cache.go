package build

import (
	"crypto/sha256"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
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

const cacheVersion = 2

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
	// What the cache holds is live until the build ends, and decoding it
	// leaves little garbage: collecting while the heap grows from nothing to
	// the whole cache would only mark the same objects again and again.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	d := newDecoder(f, fi.Size())
	if d.str() != cacheKey() {
		return nil, false
	}
	cfgData, _, err := loadConfig(b.opt)
	if err != nil || sha256.Sum256(cfgData) != d.sum() {
		return nil, false
	}
	n := d.count()
	files := make(map[string]*parsed, n)
	for range n {
		p := d.str()
		f := &parsed{a: d.article(), diags: d.diags(), sum: d.sum(), size: d.int(), mtime: d.int()}
		if f.a != nil {
			f.a.Path = p // one string for the path, not two
		}
		files[p] = f
	}
	if d.bad {
		return nil, false
	}
	b.files = files
	if c := d.str(); c == "" || c != token || !d.bool() {
		return nil, false
	}
	last := &snapshot{site: d.sum(), templates: map[string][32]byte{}}
	for range d.count() {
		name := d.str()
		last.templates[name] = d.sum()
	}
	n = d.count()
	last.stories = make(map[string]storyState, n)
	beats := map[string]string{}
	for range n {
		// Paths are the files' own strings, and beats one string each.
		p := d.path(files)
		st := storyState{sig: d.digest(), shown: d.digest(), older: d.path(files), newer: d.path(files)}
		beat := d.str()
		if _, ok := beats[beat]; !ok {
			beats[beat] = beat
		}
		st.beat = beats[beat]
		st.pos, st.page, st.y = int32(d.int()), int32(d.int()), int16(d.int())
		st.m, st.d = int8(d.int()), int8(d.int())
		last.stories[p] = st
	}
	pages = d.strs()
	if d.bad || d.left != 0 {
		return nil, false
	}
	b.last = last
	return pages, true
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
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	e := &encoder{w: f, b: make([]byte, 0, 1<<16)}
	e.str(cacheKey())
	e.sum(sha256.Sum256(cfgData))
	e.uint(uint64(len(b.files)))
	for _, p := range slices.Sorted(maps.Keys(b.files)) {
		f := b.files[p]
		e.str(p)
		e.article(f.a)
		e.diags(f.diags)
		e.sum(f.sum)
		// A file changed less than Settled before the build read it may
		// change again within the same tick of the clock: the next build
		// reads it again.
		size := f.size
		if f.mtime > b.began.Add(-Settled).UnixNano() {
			size = -1
		}
		e.int(size)
		e.int(f.mtime)
		e.flush(false)
	}
	if b.last == nil {
		e.str("")
	} else {
		e.str(token)
		e.bool(true)
		e.sum(b.last.site)
		e.uint(uint64(len(b.last.templates)))
		for _, name := range slices.Sorted(maps.Keys(b.last.templates)) {
			e.str(name)
			e.sum(b.last.templates[name])
		}
		e.uint(uint64(len(b.last.stories)))
		for _, p := range slices.Sorted(maps.Keys(b.last.stories)) {
			s := b.last.stories[p]
			e.str(p)
			e.digest(s.sig)
			e.digest(s.shown)
			e.str(s.older)
			e.str(s.newer)
			e.str(s.beat)
			for _, v := range []int64{int64(s.pos), int64(s.page), int64(s.y), int64(s.m), int64(s.d)} {
				e.int(v)
			}
			e.flush(false)
		}
		e.strs(pages())
	}
	if err := errors.Join(e.flush(true), f.Close()); err != nil {
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
