package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"dateline/generator/build"
	"dateline/generator/output"
)

// showProgress prints a progress line on a terminal, every 200 ms once the
// build has run for a second: stories parsed, pages written, their rate.
// Nothing is printed on a pipe or in CI. The returned function stops it and
// clears the line.
func showProgress(w io.Writer, p *build.Progress, start time.Time) (stop func()) {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("CI") != "" {
		return func() {}
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	shown := false
	wg.Go(func() {
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(f, "\r\x1b[K")
				}
				return
			case now := <-tick.C:
				el := now.Sub(start)
				if el < time.Second {
					continue
				}
				pages := p.Pages.Load()
				fmt.Fprintf(f, "\r\x1b[K%d stories parsed, %d pages (%.0f/s), %.0f s", p.Parsed.Load(), pages,
					float64(pages)/el.Seconds(), el.Seconds())
				shown = true
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// manifest is the changes manifest: the URLs a build added, changed and
// removed, for deploy sync, CDN purges and search-engine pings.
type manifest struct {
	Built   string   `json:"built"`
	Added   []string `json:"added"`
	Changed []string `json:"changed"`
	Removed []string `json:"removed"`
}

// writeManifest writes the changes of st as absolute URLs under base.
func writeManifest(path, base string, st output.Stats) error {
	urls := func(files []string) []string {
		out := []string{}
		for _, f := range files {
			if f == "index.html" || strings.HasSuffix(f, "/index.html") {
				f = strings.TrimSuffix(f, "index.html")
			}
			out = append(out, base+f)
		}
		return out
	}
	m := manifest{Built: time.Now().UTC().Format(time.RFC3339), Added: urls(st.Added), Changed: urls(st.Changed), Removed: urls(st.Deleted)}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	// A manifest that says the same already (a build that changed nothing
	// after another) stays as it is: such a build writes no file. Its size
	// tells first (the time is always as long), so that a manifest of
	// three million new pages is not read to learn that it differs.
	var old manifest
	if fi, err := os.Stat(path); err == nil && fi.Size() == int64(len(data)) {
		if prev, err := os.ReadFile(path); err == nil && json.Unmarshal(prev, &old) == nil &&
			slices.Equal(old.Added, m.Added) && slices.Equal(old.Changed, m.Changed) && slices.Equal(old.Removed, m.Removed) {
			return nil
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
