package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Quiet is how long a burst of events must be still before its batch is
// sent; MaxDelay bounds how long a never-ending burst is held.
const (
	Quiet    = 30 * time.Millisecond
	MaxDelay = 500 * time.Millisecond
)

// Watcher sends a Batch for every burst of changes in an archive folder.
type Watcher struct {
	Batches <-chan Batch
	Errors  <-chan error

	root    string
	fsw     *fsnotify.Watcher
	batches chan Batch
	errs    chan error
	done    chan struct{}
	stopped chan struct{}
}

// watched are the parts of an archive that are watched recursively.
var watched = []string{"content", "templates", "static"}

// New starts watching the archive folder root.
func New(root string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, fsw: fsw, batches: make(chan Batch), errs: make(chan error, 1),
		done: make(chan struct{}), stopped: make(chan struct{})}
	w.Batches, w.Errors = w.batches, w.errs
	if err := fsw.Add(root); err != nil { // config.toml, and parts created later
		fsw.Close()
		return nil, err
	}
	for _, dir := range watched {
		if err := w.addTree(filepath.Join(root, dir)); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// Close stops watching; no batch is sent after it returns.
func (w *Watcher) Close() error {
	close(w.done)
	err := w.fsw.Close()
	<-w.stopped
	return err
}

// addTree watches dir and every folder below it.
func (w *Watcher) addTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return w.fsw.Add(p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// rel returns p relative to the root, slash-separated, and whether it is
// inside one of the watched parts or is config.toml.
func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	return r, r == "config.toml" || top == "content" || top == "templates" || top == "static"
}

func (w *Watcher) loop() {
	defer close(w.stopped)
	var pending []string
	var quiet, limit <-chan time.Time
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			r, ok := w.rel(ev.Name)
			if !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					// A folder created or moved in: watch it, and take what it holds.
					_ = w.addTree(ev.Name)
					pending = append(pending, w.filesUnder(ev.Name)...)
				}
			}
			pending = append(pending, r)
			quiet = time.After(Quiet)
			if limit == nil {
				limit = time.After(MaxDelay)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-quiet:
			if w.send(pending) {
				return
			}
			pending, quiet, limit = nil, nil, nil
		case <-limit:
			if w.send(pending) {
				return
			}
			pending, quiet, limit = nil, nil, nil
		}
	}
}

// send sends the batch of paths; it reports true when the watcher closed.
func (w *Watcher) send(paths []string) (closed bool) {
	b := Classify(paths)
	if len(b.Kinds) == 0 {
		return false
	}
	select {
	case w.batches <- b:
		return false
	case <-w.done:
		return true
	}
}

// filesUnder lists the files below dir, relative to the root.
func (w *Watcher) filesUnder(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if r, ok := w.rel(p); ok {
				out = append(out, r)
			}
		}
		return nil
	})
	return out
}
