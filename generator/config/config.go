// Package config reads an archive's config.toml into a Config.
//
// The file is TOML. Every key has a default (see Default), so an empty file is
// a valid configuration. Parse fills the defaults, then validates: an unknown
// key, a value of the wrong type, an unknown time zone or language, or a
// permalink pattern without {id} or {slug} is an *Error that names the key,
// the line and the fix. Nothing in this package reads other files.
//
// The keys:
//
//	title    = "USPA News Archive"     # the site's name
//	baseURL  = "https://example.org/"  # where the archive is published
//	language = "en"                    # en or de: UI strings, date formats
//	timezone = "Europe/Berlin"         # wire times are local to the agency
//	paginate = 20                      # stories per beat page
//	[agency]     name, copyright
//	[permalinks] article = "/bericht-{id}/{slug}.html"
//	[[beats]]    name, slug, description (order and descriptions of beats)
//	[legal]      footer = "Markdown shown on every page and on /imprint/"
//	[wire]       boilerplate = ["**Impressum:**"]  # more legal headings
package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is an archive's configuration, defaults filled in.
type Config struct {
	Title    string `toml:"title"`
	BaseURL  string `toml:"baseURL"`
	Language string `toml:"language"`
	Timezone string `toml:"timezone"`
	Paginate int    `toml:"paginate"`

	Agency     Agency     `toml:"agency"`
	Permalinks Permalinks `toml:"permalinks"`
	Beats      []Beat     `toml:"beats"`
	Legal      Legal      `toml:"legal"`
	Wire       Wire       `toml:"wire"`

	// Location is Timezone loaded; set by Parse.
	Location *time.Location `toml:"-"`
	// Base is BaseURL parsed, with a path ending in "/"; set by Parse.
	Base *url.URL `toml:"-"`
}

// Agency names the news agency that publishes the archive.
type Agency struct {
	Name      string `toml:"name"`      // the lead-in marker and the publisher in metadata
	Copyright string `toml:"copyright"` // the copyright line in the footer
}

// Permalinks holds the URL patterns.
type Permalinks struct {
	// Article is the pattern for stories without a wire URL or front matter
	// url. Placeholders: {id} {slug} {beat} {yyyy} {mm} {dd}.
	Article string `toml:"article"`
}

// Beat is one configured beat (section). Beats not configured come from the
// stories and are listed after these, by name.
type Beat struct {
	Name        string `toml:"name"`
	Slug        string `toml:"slug"` // default: the name, slugified
	Description string `toml:"description"`
}

// Legal is the agency's legal text.
type Legal struct {
	Footer string `toml:"footer"` // Markdown
}

// Wire configures the wire-format parser.
type Wire struct {
	// Boilerplate lists more headings that start the legal boilerplate at
	// the end of a wire file, matched case-insensitively.
	Boilerplate []string `toml:"boilerplate"`
}

// Error is a problem with one key of config.toml.
type Error struct {
	Line int    // 1-based; 1 when the key is absent
	Key  string // dotted key, e.g. "permalinks.article"
	Msg  string // what is wrong and the fix
}

func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("config.toml:%d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("config.toml:%d: %s: %s", e.Line, e.Key, e.Msg)
}

// Default returns the configuration of an empty config.toml.
func Default() Config {
	return Config{
		Title:      "News Archive",
		BaseURL:    "/",
		Language:   "en",
		Timezone:   "UTC",
		Paginate:   20,
		Agency:     Agency{Name: "News Agency"},
		Permalinks: Permalinks{Article: "/bericht-{id}/{slug}.html"},
	}
}

// Languages lists the supported values of language.
var Languages = []string{"en", "de"}

var lineInMsg = regexp.MustCompile(`line (\d+)`)

// Parse decodes, completes and validates config.toml's bytes.
func Parse(data []byte) (*Config, error) {
	c := Default()
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Line: max(pe.Position.Line, 1), Key: pe.LastKey, Msg: pe.Message}
		}
		line := 1
		if m := lineInMsg.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		if i := strings.Index(msg, "): "); i >= 0 {
			msg = msg[i+3:]
		}
		return nil, &Error{Line: line, Msg: "wrong type: " + msg}
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		k := keys[0]
		return nil, &Error{Line: keyLine(data, k[len(k)-1]), Key: k.String(),
			Msg: "unknown key; remove it or check its spelling (see README.md for the keys)"}
	}
	if err := c.complete(data); err != nil {
		return nil, err
	}
	return &c, nil
}

// complete validates c and derives Location and Base.
func (c *Config) complete(data []byte) error {
	bad := func(key, msg string) error {
		last := key[strings.LastIndex(key, ".")+1:]
		return &Error{Line: keyLine(data, last), Key: key, Msg: msg}
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" || c.Timezone == "Local" {
		return bad("timezone", fmt.Sprintf("unknown time zone %q; use an IANA name such as \"Europe/Berlin\" or \"UTC\"", c.Timezone))
	}
	c.Location = loc
	if !slices.Contains(Languages, c.Language) {
		return bad("language", fmt.Sprintf("unsupported language %q; use one of %s", c.Language, strings.Join(Languages, ", ")))
	}
	if c.Paginate < 1 {
		return bad("paginate", fmt.Sprintf("must be at least 1, not %d", c.Paginate))
	}
	if err := c.SetBase(); err != nil {
		return bad("baseURL", err.Error())
	}
	if err := CheckPattern(c.Permalinks.Article); err != nil {
		return bad("permalinks.article", err.Error())
	}
	seen := map[string]bool{}
	for i, b := range c.Beats {
		if strings.TrimSpace(b.Name) == "" {
			return bad("beats.name", fmt.Sprintf("beat %d has no name; add name = \"...\"", i+1))
		}
		if seen[b.Name] {
			return bad("beats.name", fmt.Sprintf("beat %q is listed twice; remove one", b.Name))
		}
		seen[b.Name] = true
	}
	return nil
}

// SetBase parses BaseURL into Base.
func (c *Config) SetBase() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "" && u.Host == "") || (u.Scheme == "" && !strings.HasPrefix(u.Path, "/")) ||
		u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q is not a base URL; use the form \"https://example.org/\" or \"/\"", c.BaseURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		u.RawPath = ""
	}
	c.Base = u
	return nil
}

// Placeholders are the names a permalink pattern may use.
var Placeholders = []string{"id", "slug", "beat", "yyyy", "mm", "dd"}

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// CheckPattern reports whether p is a usable permalink pattern: it starts
// with "/", uses only known placeholders, and has {id} or {slug} so that two
// stories cannot share a permalink by construction.
func CheckPattern(p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("pattern %q must start with \"/\", e.g. \"/bericht-{id}/{slug}.html\"", p)
	}
	for _, m := range placeholder.FindAllString(p, -1) {
		if !slices.Contains(Placeholders, m[1:len(m)-1]) {
			return fmt.Errorf("unknown placeholder %s in %q; use {%s}", m, p, strings.Join(Placeholders, "} {"))
		}
	}
	if strings.Count(p, "{")-len(placeholder.FindAllString(p, -1)) != 0 || strings.Contains(p, "}") && strings.Count(p, "}") != strings.Count(p, "{") {
		return fmt.Errorf("unbalanced braces in %q", p)
	}
	if !strings.Contains(p, "{id}") && !strings.Contains(p, "{slug}") {
		return fmt.Errorf("pattern %q needs {id} or {slug}, so every story gets its own permalink", p)
	}
	if strings.Contains(p, "..") || strings.ContainsAny(p, "?#\\") {
		return fmt.Errorf("pattern %q may not contain \"..\", \"?\", \"#\" or \"\\\"", p)
	}
	return nil
}

// keyLine finds the first line that assigns key; 1 if none does.
func keyLine(data []byte, key string) int {
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if rest, ok := strings.CutPrefix(l, key); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
			return i + 1
		}
		if l == "["+key+"]" || l == "[["+key+"]]" {
			return i + 1
		}
	}
	return 1
}
