package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"

	"dateline/generator/article"
)

// The persistent build cache, SITE/.dateline/cache.gob, lets one process
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

const cacheVersion = 1

type cacheFile struct {
	Version string   // cacheVersion and a hash of the dateline binary
	Config  [32]byte // config.toml's sum: parses depend on it
	Files   map[string]cachedParse

	Token     string // the output folder the snapshot and pages describe
	Site      [32]byte
	Templates map[string][32]byte
	Stories   map[string]cachedStory
	Pages     []string
}

type cachedParse struct {
	Article     *article.Article
	Diags       []article.Diagnostic
	Sum         [32]byte
	Size, Mtime int64
}

type cachedStory struct {
	Sig, List    [32]byte
	Search       [32]byte
	Pos, Page    int
	Older, Newer string
	Beat         string
	Y, M, D      int
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
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var c cacheFile
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&c) != nil || c.Version != cacheKey() || binarySum() == "" {
		return nil, false
	}
	cfgData, _, err := loadConfig(b.opt)
	if err != nil || sha256.Sum256(cfgData) != c.Config {
		return nil, false
	}
	b.files = make(map[string]*parsed, len(c.Files))
	for p, f := range c.Files {
		b.files[p] = &parsed{a: f.Article, diags: f.Diags, sum: f.Sum, size: f.Size, mtime: f.Mtime}
	}
	if c.Token == "" || c.Token != token || c.Stories == nil {
		return nil, false
	}
	b.last = &snapshot{site: c.Site, templates: c.Templates, stories: make(map[string]storyState, len(c.Stories))}
	for p, s := range c.Stories {
		b.last.stories[p] = storyState{sig: s.Sig, list: s.List, pos: s.Pos, page: s.Page, search: s.Search, older: s.Older, newer: s.Newer, beat: s.Beat, y: s.Y, m: s.M, d: s.D}
	}
	return c.Pages, true
}

// SaveCache writes the cache at path: the parses, and the last successful
// build's snapshot for the output folder token with the files it wrote.
func (b *Builder) SaveCache(path, token string, pages []string) error {
	cfgData, _, err := loadConfig(b.opt)
	if err != nil {
		return err
	}
	if binarySum() == "" {
		return errors.New("cannot hash the dateline binary; no cache written")
	}
	c := cacheFile{Version: cacheKey(), Config: sha256.Sum256(cfgData), Files: make(map[string]cachedParse, len(b.files))}
	for p, f := range b.files {
		c.Files[p] = cachedParse{Article: f.a, Diags: f.diags, Sum: f.sum, Size: f.size, Mtime: f.mtime}
	}
	if b.last != nil {
		c.Token, c.Site, c.Templates, c.Pages = token, b.last.site, b.last.templates, pages
		c.Stories = make(map[string]cachedStory, len(b.last.stories))
		for p, s := range b.last.stories {
			c.Stories[p] = cachedStory{Sig: s.sig, List: s.list, Pos: s.pos, Page: s.page, Search: s.search, Older: s.older, Newer: s.newer, Beat: s.beat, Y: s.y, M: s.m, D: s.d}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&c); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
