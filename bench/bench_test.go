package bench

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/generator/build"
	"dateline/generator/render"
	"dateline/generator/serve"
	"dateline/static"
	"dateline/templates"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

type size struct {
	name string
	n    int
}

var sizes = []size{{"1k", 1000}, {"10k", 10000}}

// root holds the archives written in this process, one per size, shared by
// the benchmarks and removed by TestMain.
var (
	root    string
	corpora = map[int]string{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if root != "" {
		os.RemoveAll(root)
	}
	os.Exit(code)
}

func corpus(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := corpora[n]; ok {
		return dir
	}
	if root == "" {
		var err error
		if root, err = os.MkdirTemp("", "dateline-bench-"); err != nil {
			b.Fatal(err)
		}
	}
	dir := filepath.Join(root, strconv.Itoa(n))
	t0 := time.Now()
	if err := Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	b.Logf("wrote %d stories in %.1f s", n, time.Since(t0).Seconds())
	corpora[n] = dir
	return dir
}

func options(dir string) build.Options {
	return build.Options{Site: os.DirFS(dir), Templates: templates.FS, Static: static.FS, Now: now}
}

func discard(render.Page) error { return nil }

func mustBuild(tb testing.TB, res *build.Result, err error, n int) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
	if res.Failed() || res.Stories != n {
		tb.Fatalf("built %d stories, want %d; diagnostics: %v", res.Stories, n, res.Diagnostics)
	}
}

// TestCorpus checks that Write's archives build cleanly, mix both formats,
// and are the same bytes for the same seed.
func TestCorpus(t *testing.T) {
	dir, again := t.TempDir(), t.TempDir()
	if err := Write(dir, 50, 7); err != nil {
		t.Fatal(err)
	}
	if err := Write(again, 50, 7); err != nil {
		t.Fatal(err)
	}
	res, err := build.Build(options(dir), discard)
	mustBuild(t, res, err, 50)
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s", d)
	}
	exts := map[string]int{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		exts[filepath.Ext(p)]++
		a, _ := os.ReadFile(p)
		if b, err := os.ReadFile(filepath.Join(again, strings.TrimPrefix(p, dir))); err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two writes with one seed", p)
		}
		return nil
	})
	if exts[".txt"] < 20 || exts[".md"] < 5 {
		t.Errorf("files by extension: %v, want about 2/3 .txt and 1/3 .md", exts)
	}
	german := 0
	for _, beat := range []string{"politik", "wirtschaft"} {
		entries, _ := os.ReadDir(filepath.Join(dir, "content", beat))
		german += len(entries)
	}
	if german == 0 {
		t.Error("no German story")
	}
}

// BenchmarkBuild is a full build in memory: every story parsed and every page
// rendered, the pages discarded.
func BenchmarkBuild(b *testing.B) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			dir := corpus(b, sz.n)
			for b.Loop() {
				res, err := build.Build(options(dir), discard)
				mustBuild(b, res, err, sz.n)
			}
			b.ReportMetric(float64(sz.n*b.N)/b.Elapsed().Seconds(), "stories/s")
		})
	}
}

// BenchmarkNoopRebuild is the Builder's rebuild after a batch that changed
// no story: what every page that is always rendered costs.
func BenchmarkNoopRebuild(b *testing.B) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			bl := build.NewBuilder(options(corpus(b, sz.n)))
			res, err := bl.Build(build.Changes{}, discard)
			mustBuild(b, res, err, sz.n)
			for b.Loop() {
				res, err = bl.Build(build.Changes{Content: nil}, discard)
				mustBuild(b, res, err, sz.n)
			}
			b.ReportMetric(float64(res.Rendered), "pages-rendered/op")
		})
	}
}

// BenchmarkEdit is the serve path: a story's title is rewritten on disk and
// the time runs until its page, fetched over HTTP, shows the new title
// (watcher, debounce, incremental rebuild, swap). 100k runs only with
// DATELINE_BENCH_100K=1.
func BenchmarkEdit(b *testing.B) {
	for _, sz := range append(sizes, size{"100k", 100000}) {
		b.Run(sz.name, func(b *testing.B) {
			if sz.n >= 100000 && os.Getenv("DATELINE_BENCH_100K") != "1" {
				b.Skip("set DATELINE_BENCH_100K=1 to write and serve 100k stories")
			}
			dir := corpus(b, sz.n)
			file, page, orig := editable(b, dir)
			b.Cleanup(func() { os.WriteFile(file, orig, 0o644) }) // runs after the server stops
			url := serveArchive(b, dir) + page
			titles := [2]string{"Benchmark edit alpha", "Benchmark edit bravo"}
			var times []time.Duration
			for i := 0; b.Loop(); i++ {
				t0 := time.Now()
				if err := os.WriteFile(file, retitle(orig, titles[i%2]), 0o644); err != nil {
					b.Fatal(err)
				}
				waitFor(b, url, titles[i%2])
				times = append(times, time.Since(t0))
			}
			slices.Sort(times)
			mid := (times[(len(times)-1)/2] + times[len(times)/2]) / 2
			b.ReportMetric(float64(mid)/float64(time.Millisecond), "ms/edit-median")
		})
	}
}

// editable is the first wire story under dir/content, its page's URL path,
// and its bytes.
func editable(b *testing.B, dir string) (file, page string, data []byte) {
	b.Helper()
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && file == "" && strings.HasSuffix(p, ".txt") {
			file = p
		}
		return err
	})
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	_, rest, ok := bytes.Cut(data, []byte("\n<https://news.example.org/"))
	end := bytes.IndexByte(rest, '>')
	if !ok || end < 0 {
		b.Fatalf("%s: no article URL", file)
	}
	return file, string(rest[:end]), data
}

// retitle replaces the "## " title line of a wire story.
func retitle(data []byte, title string) []byte {
	i := bytes.Index(data, []byte("\n## ")) + 4
	j := i + bytes.IndexByte(data[i:], '\n')
	return slices.Concat(data[:i], []byte(title), data[j:])
}

// serveArchive runs `dateline serve` on dir until the benchmark ends and returns its URL.
func serveArchive(b *testing.B, dir string) string {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, serve.Options{Dir: dir, Addr: "127.0.0.1:0", Templates: templates.FS,
			Static: static.FS, Stdout: io.Discard, Stderr: os.Stderr, Now: now,
			Ready: func(u string) { ready <- u }})
	}()
	select {
	case u := <-ready:
		b.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				b.Errorf("serve: %v", err)
			}
		})
		return u
	case err := <-done:
		cancel()
		b.Fatalf("serve: %v", err)
		return ""
	}
}

// waitFor polls url until its body contains want, for at most a minute.
func waitFor(b *testing.B, url, want string) {
	b.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(time.Millisecond) {
		resp, err := http.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && bytes.Contains(body, []byte(want)) {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("%s does not show %q after a minute (status %d)", url, want, resp.StatusCode)
		}
	}
}
