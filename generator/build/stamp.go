package build

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// The stamp, SITE/.dateline/stamp.json, ends a build that has nothing to do
// before it starts: no story parsed, no cache loaded, no page rendered. It
// holds a key over everything a build reads (the dateline binary,
// config.toml and the options, every file under content/, templates/ and
// static/ by path, size and modification time, the permalink ledger's bytes
// and the output folder's token) and the moment the output would change by
// the clock alone (an embargo lifts, a story leaves the news sitemap).
// While the key is the same and that moment has not come, the output folder
// holds what a build would write.
//
// Like the cache it is safe to delete, and callers remove it before they
// change the output folder and write it after.

// Stamp is the record of the last build that completed.
type Stamp struct {
	Key         string    `json:"key"`
	Now         time.Time `json:"now"`            // the build's now
	Until       time.Time `json:"until,omitzero"` // zero: the clock changes nothing after Now
	Stories     int       `json:"stories"`
	Pages       int       `json:"pages"`
	NextEmbargo time.Time `json:"nextEmbargo,omitzero"`
	// Began is when the stamped build began, before it listed its inputs:
	// an input modified after it is one the stamp does not describe.
	Began time.Time `json:"began,omitzero"`
}

// Settled is how old every input must be for a stamp to be trusted: a file
// saved twice within one tick of the file system's clock, with the same
// size, would otherwise look unchanged ("racily clean", as Git says).
const Settled = 2 * time.Second

// Inputs hashes what the next build reads from the archive folder, by the
// files' metadata; the next Build works from the same listing of content/,
// so that a file changed after this call is seen as changed next time.
// newest is the latest modification time of them all: a stamp may be
// written only when it is Settled before the build began.
func (b *Builder) Inputs() (sum [32]byte, newest time.Time, err error) {
	sum, err = b.inputs(&newest)
	return sum, newest, err
}

func (b *Builder) inputs(newest *time.Time) ([32]byte, error) {
	changed := b.changed
	b.changed = nil
	seen := func(t time.Time) {
		if t.After(*newest) {
			*newest = t
		}
	}
	cfgData, err := fs.ReadFile(b.opt.Site, "config.toml")
	if err != nil {
		return [32]byte{}, err
	}
	files, err := contentFiles(b.opt.Site, true, changed)
	if err != nil {
		return [32]byte{}, err
	}
	b.listing = files
	h := sha256.New()
	fmt.Fprintf(h, "%q %q %q %v %d\x00", cfgData, b.opt.BaseURL, b.opt.Inject, b.opt.Drafts, len(files))
	var line []byte
	for _, f := range files {
		line = append(line[:0], f.path...)
		line = strconv.AppendInt(append(line, 0), f.size, 10)
		line = strconv.AppendInt(append(line, 0), f.mtime, 10)
		h.Write(append(line, 0))
		seen(time.Unix(0, f.mtime))
	}
	if fi, err := fs.Stat(b.opt.Site, "config.toml"); err == nil {
		seen(fi.ModTime())
	}
	for _, dir := range []string{"templates", "static"} {
		err := fs.WalkDir(b.opt.Site, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s\x00%d\x00%d\x00%v\x00", p, fi.Size(), fi.ModTime().UnixNano(), d.IsDir())
			seen(fi.ModTime())
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			return [32]byte{}, err
		}
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}

// OnChange makes the next Inputs call f, once, as soon as its walk meets a
// story file or a folder under content/ modified after since (a folder's
// time moves when a file in it is added, removed or renamed): from then on
// a stamp taken at since cannot hold, and the caller may start on what the
// build needs (LoadCache) while the walk goes on. f is called from the
// walk and must return at once. It is only a hint: a change the walk cannot
// see by a time (a file removed from content/ itself, a template) does not
// call f, and Inputs' sum is what decides.
func (b *Builder) OnChange(since time.Time, f func()) {
	b.changed = &changeHook{since: since.UnixNano(), f: f}
}

// changeHook calls f once, for the first modification time after since.
type changeHook struct {
	since int64
	once  sync.Once
	f     func()
}

// saw is told of one modification time; it does nothing on a nil hook.
func (h *changeHook) saw(mtime int64) {
	if h != nil && mtime > h.since {
		h.once.Do(h.f)
	}
}

// StampKey is the key of a build of inputs (see Builder.Inputs) into the
// output folder token, with the ledger holding ledger. It is empty when the
// dateline binary cannot be hashed: then no stamp is trusted.
func StampKey(inputs [32]byte, token string, ledger []byte) string {
	if binarySum() == "" {
		return ""
	}
	// Each part with its length first, so that no two sets of parts hash
	// the same bytes (the ledger is megabytes: no quoting).
	h := sha256.New()
	for _, part := range [][]byte{[]byte(cacheKey()), inputs[:], []byte(token), ledger} {
		h.Write(binary.AppendUvarint(nil, uint64(len(part))))
		h.Write(part)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ReadStamp reads the stamp at path; false when there is none or it is
// unreadable.
func ReadStamp(path string) (Stamp, bool) {
	var s Stamp
	data, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(data, &s) != nil {
		return Stamp{}, false
	}
	return s, true
}

// Holds reports whether the stamp describes a build with key at now: the
// same key, and now between the stamped build's now and its Until.
func (s Stamp) Holds(key string, now time.Time) bool {
	return key != "" && s.Key == key && !now.Before(s.Now) && (s.Until.IsZero() || now.Before(s.Until))
}

// WriteStamp writes s at path, through a temporary file.
func WriteStamp(path string, s Stamp) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
