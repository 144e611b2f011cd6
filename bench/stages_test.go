package bench

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/build"
	"dateline/generator/config"
	"dateline/generator/output"
	"dateline/generator/render"
	"dateline/templates"
)

// The stages one by one, on the archives of BenchmarkBuild: parse (every
// story file, from memory, on one core), render (every page of a parsed
// archive, bodies from memory, on all cores) and write (every page of a
// build into an empty output folder, committed).

// stories reads every story file of the corpus of n into memory.
func stories(b *testing.B, n int) (*config.Config, map[string][]byte) {
	b.Helper()
	dir := corpus(b, n)
	data, err := os.ReadFile(filepath.Join(dir, "config.toml"))
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{}
	err = fs.WalkDir(os.DirFS(dir), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = os.ReadFile(filepath.Join(dir, p))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return cfg, files
}

func BenchmarkParse(b *testing.B) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			cfg, files := stories(b, sz.n)
			opt := article.Options{Location: cfg.Location, Boilerplate: cfg.Wire.Boilerplate}
			var bytes int64
			for _, data := range files {
				bytes += int64(len(data))
			}
			b.SetBytes(bytes)
			for b.Loop() {
				for p, data := range files {
					if a, ds := article.Parse(p, data, opt); a == nil {
						b.Fatal(ds)
					}
				}
			}
			b.ReportMetric(float64(sz.n*b.N)/b.Elapsed().Seconds(), "stories/s")
		})
	}
}

func BenchmarkRender(b *testing.B) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			cfg, files := stories(b, sz.n)
			opt := article.Options{Location: cfg.Location, Boilerplate: cfg.Wire.Boilerplate}
			var articles []*article.Article
			bodies := map[string]string{}
			for p, data := range files {
				a, ds := article.Parse(p, data, opt)
				if a == nil {
					b.Fatal(ds)
				}
				bodies[p], a.Body = a.Body, ""
				articles = append(articles, a)
			}
			arch, ds := archive.New(cfg, articles)
			if arch == nil {
				b.Fatal(ds)
			}
			ropt := render.Options{Config: cfg, Templates: templates.FS,
				Body: func(s *archive.Story, use func([]byte) error) error { return use([]byte(bodies[s.Path])) }}
			var pages int
			var mu sync.Mutex
			for b.Loop() {
				pages = 0
				ds, err := render.Render(arch, ropt, func(render.Page) error { mu.Lock(); pages++; mu.Unlock(); return nil })
				if err != nil || len(ds) > 0 {
					b.Fatal(err, ds)
				}
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

func BenchmarkWrite(b *testing.B) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			var pages []render.Page
			var mu sync.Mutex
			res, err := build.Build(options(corpus(b, sz.n)), func(p render.Page) error {
				mu.Lock()
				defer mu.Unlock()
				p.Data = bytes.Clone(p.Data)
				pages = append(pages, p)
				return nil
			})
			mustBuild(b, res, err, sz.n)
			out := filepath.Join(b.TempDir(), "public")
			for b.Loop() {
				b.StopTimer()
				if err := os.RemoveAll(out); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				w, err := output.New(out)
				if err != nil {
					b.Fatal(err)
				}
				for _, p := range pages {
					if err := w.Add(p); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := w.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
