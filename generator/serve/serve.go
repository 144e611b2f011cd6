// Package serve previews an archive over HTTP and rebuilds it on every
// change.
//
// Run builds the archive in memory (never into its public/ folder) for the
// address it listens on, serves the pages, and watches the archive folder
// (package watch). Each batch of changes is rebuilt from the first stage it
// touches: a story re-renders its page and the pages that list it, a page
// template the pages made with it, baseof.html, a partial or config.toml
// everything (package build's Builder). The pages
// served are byte for byte those `dateline build --base-url URL` writes,
// plus one script tag before </body>: the live-reload client, which listens
// to Server-Sent Events at /_dateline/events, reloads the page when a
// rebuild changed it, swaps stylesheets when only CSS changed, and shows the
// build's errors (PATH:LINE: message) in an overlay while the last good
// archive stays served. The address is 127.0.0.1 unless --addr names
// another. Run returns when its context is done, after closing the watcher
// and draining the server.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"dateline/generator/article"
	"dateline/generator/build"
	"dateline/generator/render"
	"dateline/generator/watch"
)

// Options configures Run.
type Options struct {
	Dir       string // the archive folder
	Addr      string // host:port to listen on; port 0 picks one
	Drafts    bool
	Now       time.Time
	Templates fs.FS // the default theme
	Static    fs.FS
	Stdout    io.Writer
	Stderr    io.Writer
	// Ready, when set, receives the URL once the first build is served.
	Ready func(url string)
}

// Script is the tag serve inserts before </body> of every page.
const Script = `<script src="/_dateline/live.js"></script>`

// Server holds the archive being served.
type Server struct {
	opt     Options
	builder *build.Builder
	hub     *hub

	mu     sync.RWMutex
	pages  map[string][]byte // output path -> bytes of the last good build
	errors []string          // the current build's problems; nil when it is good
}

// Run serves the archive until ctx is done.
func Run(ctx context.Context, opt Options) error {
	ln, err := net.Listen("tcp", opt.Addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	s := &Server{opt: opt, hub: newHub(), pages: map[string][]byte{}}
	s.builder = build.NewBuilder(build.Options{
		Site: build.DirFS(opt.Dir), Templates: opt.Templates, Static: opt.Static,
		BaseURL: url, Drafts: opt.Drafts, Now: opt.Now, Inject: Script,
	})
	w, err := watch.New(opt.Dir)
	if err != nil {
		ln.Close()
		return err
	}
	embargo := s.rebuild(build.Changes{All: true}, "start")
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(opt.Stdout, "serving %s at %s (Ctrl-C to stop)\n", opt.Dir, url)
	if opt.Ready != nil {
		opt.Ready(url)
	}
	var runErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-served:
			runErr = err
			break loop
		case b := <-w.Batches:
			embargo = s.rebuild(changes(b), describe(b))
		case <-embargo:
			embargo = s.rebuild(build.Changes{}, "embargo lifted")
		case err := <-w.Errors:
			fmt.Fprintf(opt.Stderr, "watch: %v\n", err)
		}
	}
	werr := w.Close()
	s.hub.close()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		srv.Close() // a client that never reads cannot hold the shutdown
	}
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return errors.Join(runErr, werr)
}

// changes says which stages a batch touches.
func changes(b watch.Batch) build.Changes {
	if b.Has(watch.Config) {
		return build.Changes{All: true}
	}
	return build.Changes{Content: b.Content}
}

func describe(b watch.Batch) string {
	var kinds []string
	for _, k := range b.Kinds {
		kinds = append(kinds, k.String())
	}
	return strings.Join(kinds, "+")
}

// rebuild builds after ch and, when the build is good, swaps the pages in
// and tells the browsers which pages changed. The channel it returns fires
// when the next story on embargo is due (nil when none is).
func (s *Server) rebuild(ch build.Changes, why string) <-chan time.Time {
	start := time.Now()
	s.mu.RLock()
	prev := s.pages
	s.mu.RUnlock()
	next := make(map[string][]byte, len(prev))
	var mu sync.Mutex
	res, err := s.builder.Build(ch, func(p render.Page) error {
		mu.Lock()
		defer mu.Unlock()
		if p.Keep {
			next[p.Path] = prev[p.Path]
		} else {
			next[p.Path] = bytes.Clone(p.Data) // the render uses its buffers again
		}
		return nil
	})
	if err != nil {
		res = &build.Result{Diagnostics: []article.Diagnostic{{Path: ".", Line: 1, Msg: err.Error()}}}
	}
	var lines []string
	for _, d := range res.Diagnostics {
		lines = append(lines, d.String())
		fmt.Fprintln(s.opt.Stderr, d)
	}
	if err != nil || res.Failed() {
		s.mu.Lock()
		s.errors = lines
		s.mu.Unlock()
		fmt.Fprintf(s.opt.Stderr, "rebuild (%s) failed: still serving the last good archive\n", why)
		s.hub.send("errors", strings.Join(lines, "\n"))
		return nil
	}
	var changed []string
	for p, data := range next {
		if old, ok := prev[p]; !ok || !bytes.Equal(old, data) {
			changed = append(changed, p)
		}
	}
	for p := range prev {
		if _, ok := next[p]; !ok {
			changed = append(changed, p)
		}
	}
	s.mu.Lock()
	s.pages, s.errors = next, nil
	s.mu.Unlock()
	fmt.Fprintf(s.opt.Stdout, "rebuilt (%s): %d stories, %d pages rendered, %d changed in %d ms\n",
		why, res.Stories, res.Rendered, len(changed), time.Since(start).Milliseconds())
	s.hub.send("ok", "")
	if len(changed) > 0 {
		s.hub.send("changed", strings.Join(urlPaths(changed), "\n"))
	}
	if res.NextEmbargo.IsZero() || !s.opt.Now.IsZero() {
		return nil
	}
	return time.After(time.Until(res.NextEmbargo) + 100*time.Millisecond)
}

// urlPaths turns output files into the URL paths that serve them.
func urlPaths(files []string) []string {
	var out []string
	for _, f := range files {
		out = append(out, "/"+f)
		if f == "index.html" || strings.HasSuffix(f, "/index.html") {
			out = append(out, "/"+strings.TrimSuffix(f, "index.html"))
		}
	}
	return out
}

// ServeHTTP serves the pages, the live-reload script and its events.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_dateline/events":
		s.events(w, r)
		return
	case "/_dateline/live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, liveJS)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	s.mu.RLock()
	pages := s.pages
	s.mu.RUnlock()
	file := p
	if p == "" || strings.HasSuffix(r.URL.Path, "/") {
		file = path.Join(p, "index.html")
	}
	data, ok := pages[file]
	if !ok && path.Ext(p) == "" {
		if _, ok := pages[path.Join(p, "index.html")]; ok {
			http.Redirect(w, r, "/"+p+"/", http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		data, file, status = pages["404.html"], "404.html", http.StatusNotFound
	}
	ctype := mime.TypeByExtension(path.Ext(file))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// events streams the build state to one browser.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// A browser that stops reading is dropped rather than waited for.
	rc := http.NewResponseController(w)
	deadline := func() { _ = rc.SetWriteDeadline(time.Now().Add(10 * time.Second)) }
	deadline()
	ch, cancel := s.hub.subscribe()
	defer cancel()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	s.mu.RLock()
	errs := s.errors
	s.mu.RUnlock()
	if errs != nil {
		writeEvent(w, event{"errors", strings.Join(errs, "\n")})
	} else {
		writeEvent(w, event{"ok", ""})
	}
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-ch:
			if !ok {
				return
			}
			deadline()
			writeEvent(w, ev)
			fl.Flush()
		}
	}
}

func writeEvent(w io.Writer, ev event) {
	fmt.Fprintf(w, "event: %s\n", ev.name)
	for _, line := range strings.Split(ev.data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	io.WriteString(w, "\n")
}
