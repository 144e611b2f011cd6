package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"dateline/generator/article"
	"dateline/generator/build"
	"dateline/generator/output"
)

func init() {
	Commands = append(Commands, &Command{
		Name:  "build",
		Usage: "build [-s SITE] [-o OUT] [--base-url URL] [--drafts] [--now TIME] [--changes FILE] [--keep-going] [--cpuprofile FILE] [--memprofile FILE]",
		Short: "build the archive in SITE into the output folder OUT",
		Flags: buildFlags,
	})
}

// siteFlags are the flags every command that reads an archive shares.
type siteFlags struct {
	site      string
	baseURL   string
	drafts    bool
	now       string
	keepGoing bool
}

func (f *siteFlags) register(fl *flag.FlagSet) {
	fl.StringVar(&f.site, "s", ".", "the archive `folder` (config.toml, content/, templates/, static/)")
	fl.StringVar(&f.baseURL, "base-url", "", "publish for this base `URL` instead of config.toml's baseURL")
	fl.BoolVar(&f.drafts, "drafts", false, "include stories marked draft")
	fl.StringVar(&f.now, "now", "", "the build's current `time`, RFC 3339 (default: the clock)")
}

// options turns the flags into build options.
func (f *siteFlags) options(env Env) (build.Options, error) {
	now := time.Now()
	if f.now != "" {
		t, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return build.Options{}, usageError("--now %q is not an RFC 3339 time such as 2026-11-27T10:00:00+01:00", f.now)
		}
		now = t
	}
	if fi, err := os.Stat(f.site); err != nil || !fi.IsDir() {
		return build.Options{}, usageError("-s %s: not an archive folder", f.site)
	}
	return build.Options{
		Site: build.DirFS(f.site), Templates: env.Theme.Templates, Static: env.Theme.Static,
		BaseURL: f.baseURL, Drafts: f.drafts, Now: now, KeepGoing: f.keepGoing,
	}, nil
}

func buildFlags(fl *flag.FlagSet) func(context.Context, Env, []string) error {
	var sf siteFlags
	sf.register(fl)
	out := fl.String("o", "", "the output `folder` (default SITE/public)")
	changes := fl.String("changes", "", "write the URLs added, changed and removed to this JSON `file` (default SITE/.dateline/changes.json)")
	fl.BoolVar(&sf.keepGoing, "keep-going", false, "publish every story that builds; keep the published pages of broken ones; exit 1")
	cpuProfile := fl.String("cpuprofile", "", "write a pprof CPU profile of the build to `file`")
	memProfile := fl.String("memprofile", "", "write a pprof heap profile, taken at the end of the build, to `file`")
	return func(ctx context.Context, env Env, args []string) (err error) {
		if len(args) > 0 {
			return usageError("build takes no arguments, got %q", args)
		}
		opt, err := sf.options(env)
		if err != nil {
			return err
		}
		dir := *out
		if dir == "" {
			dir = filepath.Join(sf.site, "public")
		}
		manifest := *changes
		if manifest == "" {
			manifest = filepath.Join(sf.site, ".dateline", "changes.json")
		}
		prof, err := startProfiles(*cpuProfile, *memProfile)
		if err != nil {
			return err
		}
		defer func() {
			if perr := prof.Stop(); err == nil {
				err = perr
			}
		}()
		return runBuild(opt, sf.site, dir, manifest, env, prof)
	}
}

// runBuild builds the archive in siteDir into dir with the build cache in
// siteDir/.dateline, writes the changes manifest and the permalink ledger,
// and prints the diagnostics and the summary line.
// prof, when not nil, takes its heap profile when the pages are built.
func runBuild(opt build.Options, siteDir, dir, manifest string, env Env, prof *profiles) error {
	start := time.Now()
	cachePath := filepath.Join(siteDir, ".dateline", "cache.bin")
	w, err := output.New(dir)
	if err != nil {
		return err
	}
	stampPath := filepath.Join(siteDir, ".dateline", "stamp.json")
	ledgerPath := filepath.Join(siteDir, "permalinks.txt")
	opt.Published = os.DirFS(dir)
	b := build.NewBuilder(opt)
	// The build cache is loaded beside the walk of the inputs once the
	// stamp cannot hold: at once when there is none, else as soon as the
	// walk meets a story file or folder changed since the stamped build.
	var cache cacheLoad
	load := func() { cache.start(b, cachePath, w.Token()) }
	stamp, stamped := build.ReadStamp(stampPath)
	stamped = stamped && !opt.KeepGoing
	if stamped && !stamp.Began.IsZero() {
		b.OnChange(stamp.Began, load)
	} else {
		load()
	}
	// A build with nothing to do ends here: same inputs, same output
	// folder, and the clock has not reached the stamp's moment.
	inputs, newest, inputsErr := b.Inputs()
	if stamped && inputsErr == nil {
		ledger, _ := os.ReadFile(ledgerPath)
		if stamp.Holds(build.StampKey(inputs, w.Token(), ledger), opt.Now) {
			// A load the walk started for nothing (a folder's time moves
			// when a file is made and removed again) ends first.
			cache.wait()()
			if err := w.Abort(); err != nil {
				return err
			}
			printNextEmbargo(env.Stdout, stamp.NextEmbargo)
			fmt.Fprintf(env.Stdout, "built %d stories: 0 pages written, %d unchanged, 0 removed in %.2f s\n",
				stamp.Stories, stamp.Pages, time.Since(start).Seconds())
			return writeManifest(manifest, "", output.Stats{})
		}
	}
	opt.Progress = &build.Progress{}
	stop := showProgress(env.Stderr, opt.Progress, start)
	// Every build runs under a memory limit (memory.go): the cache's while
	// it loads and after; a build that renders every page, seconds to
	// minutes of garbage, is held closer.
	load()
	release := cache.wait()
	if cache.ok {
		w.Known(cache.known)
	} else {
		release()
		release = memoryHold(renderMemory)
	}
	defer func() { release() }()
	res, err := b.Build(build.Changes{}, w.Add)
	stop()
	if perr := prof.Heap(); err == nil {
		err = perr
	}
	printDiagnostics(env.Stderr, res.Diagnostics)
	partial := err == nil && res.Failed() && opt.KeepGoing && res.BaseURL != ""
	if err != nil || res.Failed() && !partial {
		if abortErr := w.Abort(); err == nil {
			err = abortErr
		}
		if err != nil {
			return err
		}
		return &ExitError{Code: 1, Err: fmt.Errorf("build failed: %s; %s is unchanged", countErrors(res.Diagnostics), dir)}
	}
	if partial {
		// Publish what builds; remove nothing, so the pages of broken
		// stories stay as published. No cache, no ledger: they would not
		// describe a complete build.
		w.KeepStale()
		if err := removeFiles(cachePath, stampPath); err != nil {
			return err
		}
		st, err := w.Commit()
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "built %d stories: %d pages written, %d unchanged, 0 removed in %.2f s\n",
			res.Stories, st.Written, st.Unchanged, time.Since(start).Seconds())
		return &ExitError{Code: 1, Err: fmt.Errorf("%s: the stories that build were published; pages of broken stories were kept as they were", countErrors(res.Diagnostics))}
	}
	// The cache must never describe an output it does not match: drop it
	// while the folder changes, write it again after. When nothing changes
	// at all, the cache on disk is already right.
	idle := w.Idle() && b.Reparsed() == 0
	if err := removeFiles(stampPath); err != nil {
		return err
	}
	if !idle {
		if err := removeFiles(cachePath); err != nil {
			return err
		}
	}
	// The cache is written while the folder is committed, and put in place
	// after.
	var placeCache func(keep bool) error
	var cacheErr error
	var saving sync.WaitGroup
	if !idle {
		saving.Go(func() { placeCache, cacheErr = b.WriteCache(cachePath, w.Token(), w.Pages) })
	}
	st, err := w.Commit()
	saving.Wait()
	if cacheErr == nil && placeCache != nil {
		cacheErr = placeCache(err == nil)
	}
	if err != nil {
		return err
	}
	if cacheErr != nil {
		fmt.Fprintf(env.Stderr, "dateline: warning: no build cache: %v\n", cacheErr)
	}
	if err := writeManifest(manifest, res.BaseURL, st); err != nil {
		return err
	}
	if res.Ledger != nil {
		if err := writeIfChanged(ledgerPath, res.Ledger); err != nil {
			return err
		}
	}
	if inputsErr == nil && newest.Before(start.Add(-build.Settled)) {
		ledger, _ := os.ReadFile(ledgerPath)
		stamp := build.Stamp{Key: build.StampKey(inputs, w.Token(), ledger), Now: opt.Now, Until: res.Until,
			Stories: res.Stories, Pages: len(st.Pages), NextEmbargo: res.NextEmbargo, Began: start}
		if err := build.WriteStamp(stampPath, stamp); err != nil {
			fmt.Fprintf(env.Stderr, "dateline: warning: no build stamp: %v\n", err)
		}
	}
	printNextEmbargo(env.Stdout, res.NextEmbargo)
	fmt.Fprintf(env.Stdout, "built %d stories: %d pages written, %d unchanged, %d removed in %.2f s\n",
		res.Stories, st.Written, st.Unchanged, st.Removed, time.Since(start).Seconds())
	return nil
}

// cacheLoad loads the build cache into a Builder in the background, once.
type cacheLoad struct {
	once    sync.Once
	done    sync.WaitGroup
	release func() // the memory policy's
	known   []string
	ok      bool
}

// start starts the load, the first time it is called, under the memory
// policy of a build from the cache (memory.go): a second of work, most of it
// decoding what stays, with room to allocate and no collection before it
// needs one. It returns at once.
func (c *cacheLoad) start(b *build.Builder, path, token string) {
	c.once.Do(func() {
		c.release = memoryHold(cacheMemory)
		c.done.Go(func() {
			if fi, err := os.Stat(path); err == nil {
				prepareHeap(fi.Size()) // (a collection: not on the walk's time)
			}
			c.known, c.ok = b.LoadCache(path, token)
		})
	})
}

// wait waits for a load started and returns the release of its memory
// policy (a no-op when none was started); then known and ok are the load's.
func (c *cacheLoad) wait() (release func()) {
	c.done.Wait()
	if c.release == nil {
		return func() {}
	}
	return c.release
}

func printNextEmbargo(w io.Writer, t time.Time) {
	if !t.IsZero() {
		fmt.Fprintf(w, "next embargo lifts at %s: build again then\n", t.Format(time.RFC3339))
	}
}

// removeFiles removes the files that exist of paths.
func removeFiles(paths ...string) error {
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func countErrors(ds []article.Diagnostic) string {
	n := 0
	for _, d := range ds {
		if !d.Warning {
			n++
		}
	}
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}

// printDiagnostics prints every error, and each warning message once, at
// its first place, with the number of files it occurs in.
func printDiagnostics(w io.Writer, ds []article.Diagnostic) {
	files := map[string]map[string]bool{}
	for _, d := range ds {
		if d.Warning {
			if files[d.Msg] == nil {
				files[d.Msg] = map[string]bool{}
			}
			files[d.Msg][d.Path] = true
		}
	}
	printed := map[string]bool{}
	for _, d := range ds {
		if !d.Warning {
			fmt.Fprintln(w, d)
			continue
		}
		if printed[d.Msg] {
			continue
		}
		printed[d.Msg] = true
		if n := len(files[d.Msg]); n > 1 {
			d.Msg += fmt.Sprintf(" (and in %d more files)", n-1)
		}
		fmt.Fprintln(w, d)
	}
}

// writeIfChanged writes data to path through a temporary file, unless the
// file holds it already.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
