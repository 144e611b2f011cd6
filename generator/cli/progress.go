package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"dateline/generator/build"
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
