package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/generator/build"
	"dateline/generator/build/buildtest"
	"dateline/generator/render"
	"dateline/static"
	"dateline/templates"
)

const archive = `
-- config.toml --
title = "Live Wire"
baseURL = "https://news.example/"
timezone = "Europe/Berlin"
paginate = 1
[agency]
name = "TNA"
[legal]
footer = "Legal text."
-- content/a.txt --
Beat: Politics

## Council approves budget

-, 03.03.2013, 07:25 Time

**TNA** - Approved.

**Article online:**

<https://news.example/bericht-575/council-approves-budget.html>
-- content/b.md --
+++
title = "Markets calm"
date = 2014-01-02T10:00:00+01:00
beat = "Economy"
id = 600
+++
Calm.
`

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func writeArchive(t *testing.T) string { return buildtest.Write(t, archive) }

type running struct {
	url    string
	cancel func()
	done   chan error
	out    *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(t *testing.T, site string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan error, 1), out: &syncBuffer{}}
	ready := make(chan string, 1)
	go func() {
		r.done <- Run(ctx, Options{Dir: site, Addr: "127.0.0.1:0", Templates: templates.FS, Static: static.FS,
			Stdout: r.out, Stderr: r.out, Now: now, Ready: func(u string) { ready <- u }})
	}()
	select {
	case r.url = <-ready:
	case err := <-r.done:
		t.Fatal(err)
	}
	return r
}

func (r *running) stop(t *testing.T) {
	t.Helper()
	r.cancel()
	if err := <-r.done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// cleanBuild builds site for base the way `dateline build --base-url` does.
func cleanBuild(t *testing.T, site, base string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	var mu sync.Mutex
	res, err := build.Build(build.Options{Site: os.DirFS(site), Templates: templates.FS, Static: static.FS, BaseURL: base, Now: now},
		func(p render.Page) error {
			mu.Lock()
			defer mu.Unlock()
			pages[p.Path] = string(p.Data)
			return nil
		})
	if err != nil || res.Failed() {
		t.Fatalf("clean build: %v %v", err, res.Diagnostics)
	}
	return pages
}

// TestServesWhatBuildWrites checks every page against a clean build for the
// served URL: the same bytes, plus the script tag in HTML.
func TestServesWhatBuildWrites(t *testing.T) {
	site := writeArchive(t)
	r := start(t, site)
	defer r.stop(t)
	if !strings.HasPrefix(r.url, "http://127.0.0.1:") {
		t.Errorf("serving on %s, not loopback", r.url)
	}
	check := func() {
		t.Helper()
		for p, want := range cleanBuild(t, site, r.url) {
			if strings.HasSuffix(p, ".html") {
				want = strings.Replace(want, "</body>", Script+"</body>", 1)
			}
			status, got := get(t, r.url+p)
			if p == "404.html" {
				status = http.StatusOK
			}
			if status != http.StatusOK || got != want {
				t.Errorf("%s: status %d, served bytes differ from the build's", p, status)
			}
		}
	}
	check()
	if status, _ := get(t, r.url+"no/such/page"); status != http.StatusNotFound {
		t.Errorf("missing page: %d", status)
	}
	// An edit, then the same check after the rebuild.
	if err := os.WriteFile(filepath.Join(site, "content", "c.md"), []byte("+++\ntitle = \"Port reopens\"\ndate = 2015-01-01T10:00:00Z\nbeat = \"Economy\"\nid = 601\n+++\nOpen.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, r.url+"bericht-601/port-reopens.html")
	check()
}

func waitFor(t *testing.T, url string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if status, _ := get(t, url); status == http.StatusOK {
			return
		}
	}
	t.Fatalf("%s never appeared", url)
}

// TestErrorsAreStreamed checks the event stream: a broken story sends its
// diagnostics, the fix sends ok and the changed pages.
func TestErrorsAreStreamed(t *testing.T) {
	site := writeArchive(t)
	r := start(t, site)
	defer r.stop(t)
	resp, err := http.Get(r.url + "_dateline/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			if line == "" {
				events <- ev
				ev = ""
				continue
			}
			ev += line + "\n"
		}
		close(events)
	}()
	expect := func(substr string) {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("stream ended before %q", substr)
				}
				if strings.Contains(ev, substr) {
					return
				}
			case <-timeout:
				t.Fatalf("no event with %q", substr)
			}
		}
	}
	expect("event: ok")
	story := filepath.Join(site, "content", "a.txt")
	orig, _ := os.ReadFile(story)
	os.WriteFile(story, bytes.Replace(orig, []byte("07:25"), []byte("25:61"), 1), 0o644)
	expect("data: content/a.txt:5: impossible time 25:61")
	if status, body := get(t, r.url+"bericht-575/council-approves-budget.html"); status != 200 || !strings.Contains(body, "Council approves budget") {
		t.Errorf("the last good page is not served while the build is broken")
	}
	os.WriteFile(story, bytes.Replace(orig, []byte("Approved."), []byte("Approved at last."), 1), 0o644)
	expect("event: ok")
	expect("data: /bericht-575/council-approves-budget.html")
}

// TestShutdownLeavesNoGoroutine stops serve with a browser-like event
// stream open and checks that every goroutine it started has ended.
func TestShutdownLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	site := writeArchive(t)
	r := start(t, site)
	resp, err := http.Get(r.url + "_dateline/events")
	if err != nil {
		t.Fatal(err)
	}
	r.stop(t)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	var n int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n = runtime.NumGoroutine(); n <= before {
			return
		}
	}
	buf := make([]byte, 1<<20)
	t.Errorf("%d goroutines before serve, %d after it stopped:\n%s", before, n, buf[:runtime.Stack(buf, true)])
}

// TestEmbargoLiftsBySelf serves an archive with a story on embargo until a
// moment later, and checks that serve publishes it then, with no change to
// any file.
func TestEmbargoLiftsBySelf(t *testing.T) {
	site := writeArchive(t)
	due := time.Now().Add(1500 * time.Millisecond).UTC()
	story := "+++\ntitle = \"Embargoed budget\"\ndate = 2013-03-03T07:25:00Z\nbeat = \"Politics\"\nid = 900\nembargo = " +
		due.Format(time.RFC3339Nano) + "\n+++\nSecret.\n"
	if err := os.WriteFile(filepath.Join(site, "content", "e.md"), []byte(story), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Dir: site, Addr: "127.0.0.1:0", Templates: templates.FS, Static: static.FS,
			Stdout: io.Discard, Stderr: io.Discard, Ready: func(u string) { ready <- u }})
	}()
	defer func() { cancel(); <-done }()
	url := <-ready
	if status, _ := get(t, url+"bericht-900/embargoed-budget.html"); status != http.StatusNotFound {
		t.Fatalf("story on embargo served early: %d", status)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if status, _ := get(t, url+"bericht-900/embargoed-budget.html"); status == http.StatusOK {
			if time.Now().Before(due) {
				t.Errorf("published before its embargo")
			}
			return
		}
	}
	t.Errorf("the story was not published when its embargo lifted")
}

// TestServerIsSafe checks traversal attempts and a client that never
// reads: the first answer 404 (there is nothing but the pages to reach),
// the second stalls neither rebuilds nor other clients.
func TestServerIsSafe(t *testing.T) {
	site := writeArchive(t)
	os.WriteFile(filepath.Join(filepath.Dir(site), "secret.txt"), []byte("secret"), 0o644)
	r := start(t, site)
	defer r.stop(t)
	host := strings.TrimSuffix(strings.TrimPrefix(r.url, "http://"), "/")
	for _, p := range []string{"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/content/a.txt", "/config.toml", "/css/", "/bericht-575/"} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", p, host)
		resp, err := io.ReadAll(conn)
		conn.Close()
		if err != nil {
			t.Fatal(err)
		}
		status := strings.SplitN(string(resp), "\r\n", 2)[0]
		if !strings.Contains(status, " 404 ") && !strings.Contains(status, " 400 ") || strings.Contains(string(resp), "secret") {
			t.Errorf("GET %s: %s", p, status)
		}
	}
	// A client that opens the event stream and never reads it, and one that
	// never reads a page.
	for _, p := range []string{"_dateline/events", "index.html"} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "GET /%s HTTP/1.1\r\nHost: %s\r\n\r\n", p, host)
	}
	story := filepath.Join(site, "content", "a.txt")
	orig, _ := os.ReadFile(story)
	for i := range 30 { // many rebuilds, many events unread
		os.WriteFile(story, bytes.Replace(orig, []byte("Approved."), []byte(fmt.Sprintf("Approved %d.", i)), 1), 0o644)
		time.Sleep(40 * time.Millisecond)
	}
	os.WriteFile(story, bytes.Replace(orig, []byte("Approved."), []byte("Approved at last."), 1), 0o644)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, body := get(t, r.url+"bericht-575/council-approves-budget.html"); strings.Contains(body, "Approved at last.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("rebuilds stalled behind a client that does not read")
		}
	}
}
