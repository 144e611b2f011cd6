package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"dateline/generator/build/buildtest"
	"dateline/generator/cli"
	"dateline/static"
	"dateline/templates"
)

// need returns the path of a tool, or skips (fails in CI) when it is missing.
func need(t *testing.T, path, what string) string {
	t.Helper()
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing (%q); .ci/run installs it", what, path)
	}
	t.Skipf("%s is missing (%q); run .ci/run or set the variable", what, path)
	return ""
}

func vnuJar(t *testing.T) string {
	jar := os.Getenv("VNU_JAR")
	if jar == "" {
		if cache, err := os.UserCacheDir(); err == nil {
			jar = filepath.Join(cache, "dateline-ci", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
		}
	}
	return need(t, jar, "the Nu Html Checker (VNU_JAR)")
}

// build runs `dateline build -s site -o out`.
func build(t *testing.T, site, out string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := cli.Run(context.Background(), []string{"build", "-s", site, "-o", out, "--now", "2026-11-27T12:00:00Z"},
		cli.Theme{Templates: templates.FS, Static: static.FS}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("build %s: %v\n%s", site, err, stderr.String())
	}
}

// writeArchive writes a txtar archive into a new folder.
func writeArchive(t *testing.T, src string) string { return buildtest.Write(t, src) }

const hostile = `
-- config.toml --
title = "Hostile </title><script>alert(1)</script> \u202e reversed"
baseURL = "https://news.example/"
language = "de"
timezone = "Europe/Berlin"
[agency]
name = "TNA <img src=x onerror=alert(2)>"
copyright = "© ]]> --> </script>"
[[beats]]
name = "Politik <i>x</i>"
description = "<script>alert(3)</script> \u202e"
[legal]
footer = "Legal <b>bold</b> --> ]]> text. [link](javascript:alert(4)) <img src=x onerror=alert(5)>"
-- content/a.txt --
Beat: Politik <i>x</i>
Correction: Fixed </title><script>alert(6)</script>
Aliases: /old/<script>.html

## Title </title><script>alert(1)</script> & more ` + "\u202e" + `reversed

Byline <b>x</b> ` + "\u202e" + `, 03.03.2013, 07:25 Uhr

**TNA** - Standard Oil <SRD> said. <div onclick="x()">block</div> [click](javascript:alert(1)) [data](data:text/html,<script>alert(7)</script>) ]]> --> ` + "\u202e" + `reversed

<script>alert(2)</script>

<iframe src="https://evil.example/"></iframe>

| a | b |
|---|---|
| <b>1</b> | <img src=x onerror=alert(8)> |

**Article online:**

<https://news.example/bericht-1/title.html>
-- content/b.md --
---
title: "</title><script>alert(9)</script>"
date: 2014-01-01T10:00:00+01:00
beat: "\u202eWirtschaft"
author: "<script>alert(10)</script>"
place: "]]>"
summary: "--> <!-- <script>alert(11)</script>"
id: 2
---
Body with <style>body{display:none}</style> and <!-- comment --> and ` + "`<script>`" + `.
`

// TestHTMLValidator checks every page of the sample archive, and of an
// archive full of hostile copy, with the Nu Html Checker.
func TestHTMLValidator(t *testing.T) {
	jar := vnuJar(t)
	if _, err := exec.LookPath("java"); err != nil {
		need(t, "", "java")
	}
	root, _ := filepath.Abs("..")
	for name, site := range map[string]string{"sample": root, "hostile": writeArchive(t, hostile)} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			build(t, site, out)
			cmd := exec.Command("java", "-jar", jar, "--errors-only", "--skip-non-html", "--format", "gnu", "--stdout", out)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("vnu: %v\n%s", err, msg)
			}
			noActiveContent(t, out)
		})
	}
}

// noActiveContent parses every page and checks that no element is a
// script, iframe or object, no attribute is an event handler, and no link
// has a javascript: or data: URL: the theme has none, so any would come from
// the copy.
func noActiveContent(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := html.Parse(f)
		if err != nil {
			return err
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			if n.Data == "script" && len(n.Attr) == 1 && n.Attr[0].Key == "type" && n.Attr[0].Val == "application/ld+json" {
				// Structured data: never run. It must parse, carry its
				// type, and hold the whole text (a title cannot end it).
				var ld map[string]any
				if n.FirstChild == nil || json.Unmarshal([]byte(n.FirstChild.Data), &ld) != nil || ld["@context"] != "https://schema.org" || ld["@type"] == nil {
					t.Errorf("%s: JSON-LD does not parse: %v", p, n.FirstChild)
				}
				continue
			}
			if n.Data == "script" && strings.HasSuffix(p, "search/index.html") && len(n.Attr) == 2 &&
				n.Attr[0].Key == "src" && strings.HasSuffix(n.Attr[0].Val, "/js/search.js") {
				continue // the theme's own search script
			}
			switch n.Data {
			case "script", "iframe", "object", "embed", "b", "i", "div":
				if n.Data != "div" || len(n.Attr) > 0 && n.Attr[0].Key != "class" {
					t.Errorf("%s: element <%s> from the copy", p, n.Data)
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || (a.Key == "href" && strings.HasPrefix(v, "data:")) {
					t.Errorf("%s: <%s %s=%q>", p, n.Data, a.Key, a.Val)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
