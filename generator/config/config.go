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
//	[feeds]      items = 50        # stories in each feed
//	[strings]    latest = "Top stories"   # override the theme's UI strings
//	[syndication] ninjs = true     # IPTC ninjs files, one per month
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
	"unicode"
	"unicode/utf8"

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
	Feeds      Feeds      `toml:"feeds"`
	// Strings overrides the theme's UI strings (templates/i18n/LANG.toml).
	Strings     map[string]string `toml:"strings"`
	Syndication Syndication       `toml:"syndication"`

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
	// Ledger keeps SITE/permalinks.txt: every permalink ever published must
	// keep answering. Default true.
	Ledger bool `toml:"ledger"`
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

// Feeds configures the RSS, Atom and JSON feeds.
type Feeds struct {
	Items int `toml:"items"` // the latest stories in each feed; default 50
}

// Syndication configures the machine-readable outputs.
type Syndication struct {
	Ninjs bool `toml:"ninjs"` // IPTC ninjs files per month; default true
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
		Title:       "News Archive",
		BaseURL:     "/",
		Language:    "en",
		Timezone:    "UTC",
		Paginate:    20,
		Agency:      Agency{Name: "News Agency"},
		Permalinks:  Permalinks{Article: "/bericht-{id}/{slug}.html", Ledger: true},
		Feeds:       Feeds{Items: 50},
		Syndication: Syndication{Ninjs: true},
	}
}

// Languages are the languages of the default theme; an archive adds one
// with templates/i18n/CODE.toml.
var Languages = []string{"en", "de"}

// languageCode is a BCP 47 language code of the simple kind: "en", "pt-BR".
var languageCode = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)

// typeError is the decoder's message for a value of the wrong type.
var typeError = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (.*)$`)

// Parse decodes, completes and validates config.toml's bytes.
func Parse(data []byte) (*Config, error) {
	c := Default()
	// Keys are matched case-insensitively, as in Hugo. The decoder takes
	// the keys of a table in map order, so two spellings of one key
	// ("baseURL" and "baseurl") would set it at random: refuse them first.
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err == nil {
		if err := sameKeys(data, md.Keys()); err != nil {
			return nil, err
		}
		md, err = toml.Decode(string(data), &c)
	}
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Line: max(pe.Position.Line, 1), Key: pe.LastKey, Msg: pe.Message}
		}
		m := typeError.FindStringSubmatch(err.Error())
		if m == nil {
			return nil, &Error{Line: 1, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
		}
		line, _ := strconv.Atoi(m[1])
		if line == 0 {
			line = keyLine(data, m[2], -1)
		}
		return nil, &Error{Line: line, Key: m[2], Msg: wrongType(m[2], m[3])}
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		k := keys[0].String()
		return nil, &Error{Line: keyLine(data, k, -1), Key: k,
			Msg: "unknown key; remove it or check its spelling (see README.md for the keys)"}
	}
	if err := c.complete(data); err != nil {
		return nil, err
	}
	return &c, nil
}

// sameKeys reports the first key that is also written in another case.
func sameKeys(data []byte, keys []toml.Key) error {
	first := map[string]string{} // lower-cased dotted key -> its first spelling
	for _, k := range keys {
		key := k.String()
		lower := strings.ToLower(key)
		f, ok := first[lower]
		if !ok {
			first[lower] = key
			continue
		}
		if f != key {
			return &Error{Line: findKey(data, key, -1, false), Key: key,
				Msg: fmt.Sprintf("is the key %q of line %d in another case; keys are matched case-insensitively, so write it one way", f, findKey(data, f, -1, false))}
		}
	}
	return nil
}

var incompatible = regexp.MustCompile(`^incompatible types: TOML value has type (.*); destination has type (.*)$`)

// wrongType rewrites the decoder's message about key's value in TOML's terms.
func wrongType(key, msg string) string {
	m := incompatible.FindStringSubmatch(msg)
	if m == nil {
		return "wrong type: " + msg
	}
	got := "a " + m[1]
	switch {
	case m[1] == "int64":
		got = "an integer"
	case m[1] == "float64":
		got = "a float"
	case m[1] == "bool":
		got = "a boolean"
	case strings.HasPrefix(m[1], "[]"):
		got = "an array"
	case strings.HasPrefix(m[1], "map["):
		got = "a table"
	case m[1] == "time.Time":
		got = "a date"
	}
	want, example := "a "+m[2], ""
	switch m[2] {
	case "integer":
		want, example = "an integer", " = 20"
	case "string":
		example = ` = "..."`
	case "boolean":
		example = " = true"
	case "slice":
		want, example = "an array", ` = ["..."]`
	case "map":
		want = "a table"
	}
	msg = fmt.Sprintf("wrong type: must be %s, not %s", want, got)
	if example != "" {
		msg += fmt.Sprintf("; e.g. %s%s", key[strings.LastIndex(key, ".")+1:], example)
	}
	return msg
}

// complete validates c and derives Location and Base.
func (c *Config) complete(data []byte) error {
	bad := func(key, msg string) error {
		return &Error{Line: keyLine(data, key, -1), Key: key, Msg: msg}
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" || c.Timezone == "Local" {
		return bad("timezone", fmt.Sprintf("unknown time zone %q; use an IANA name such as \"Europe/Berlin\" or \"UTC\"", c.Timezone))
	}
	c.Location = loc
	if !languageCode.MatchString(c.Language) {
		return bad("language", fmt.Sprintf("%q is not a language code; use one such as \"en\" or \"de\" (the theme has %s; another needs templates/i18n/CODE.toml)", c.Language, strings.Join(Languages, ", ")))
	}
	if c.Feeds.Items < 1 || c.Feeds.Items > 1000 {
		return bad("feeds.items", fmt.Sprintf("must be between 1 and 1000, not %d", c.Feeds.Items))
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
	seen := map[string]int{} // lower-cased name -> 1-based position
	for i, b := range c.Beats {
		at := func(key, msg string) error {
			return &Error{Line: keyLine(data, key, i), Key: key, Msg: msg}
		}
		name := strings.ToLower(strings.TrimSpace(b.Name))
		if name == "" {
			return at("beats.name", fmt.Sprintf("beat %d has no name; add name = \"...\"", i+1))
		}
		if j := seen[name]; j > 0 {
			return at("beats.name", fmt.Sprintf("beat %q is listed twice (beats %d and %d); remove one", b.Name, j, i+1))
		}
		seen[name] = i + 1
		if b.Slug != "" && (strings.ContainsAny(b.Slug, "/\\?#% ") || strings.HasPrefix(b.Slug, ".") || strings.ContainsFunc(b.Slug, spaceOrControl)) {
			return at("beats.slug", fmt.Sprintf("slug %q of beat %q must be one path segment of letters, digits and \"-\"; e.g. slug = \"crude-oil\"", b.Slug, b.Name))
		}
	}
	return nil
}

// SetBase parses BaseURL into Base.
func (c *Config) SetBase() error {
	u, err := url.Parse(c.BaseURL)
	// The escaped path is the one links use: "%2F" is a path of "/" but
	// must not pass for one.
	if err != nil || (u.Scheme != "" && u.Host == "") || (u.Scheme == "" && !strings.HasPrefix(u.EscapedPath(), "/")) ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return fmt.Errorf("%q is not a base URL; use the form \"https://example.org/\" or \"/\"", c.BaseURL)
	}
	if !strings.HasSuffix(u.EscapedPath(), "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/" // keeps its escapes: "/a%2Fb" is "/a%2Fb/", not "/a/b/"
		}
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
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return fmt.Errorf("pattern %q has a hidden segment %q, which static hosts do not serve; remove the leading \".\"", p, seg)
		}
	}
	// A permalink is a URL path, written as it is into links and into the
	// ledger's "PERMALINK ID" lines: a space or a control character must be
	// percent-escaped, and an escape must not smuggle in what is refused
	// above ("%2e%2e", "%2F").
	if !utf8.ValidString(p) {
		return fmt.Errorf("pattern %q is not UTF-8", p)
	}
	if strings.ContainsFunc(p, spaceOrControl) {
		return fmt.Errorf("pattern %q has a space or control character; write it percent-escaped, e.g. \"%%20\" for a space", p)
	}
	for _, seg := range strings.Split(placeholder.ReplaceAllString(p, "x"), "/") {
		dec, err := url.PathUnescape(seg)
		switch {
		case err != nil:
			return fmt.Errorf("pattern %q has a bad percent-escape in %q; write a \"%%\" as \"%%25\"", p, seg)
		case strings.ContainsAny(dec, "/\\\x00"):
			return fmt.Errorf("pattern %q has an escaped \"/\", \"\\\" or NUL character in %q; remove it", p, seg)
		case dec == "." || dec == "..":
			return fmt.Errorf("pattern %q has an escaped %q segment %q; it would leave its folder", p, dec, seg)
		case strings.HasPrefix(dec, "."):
			return fmt.Errorf("pattern %q has a hidden segment %q (%q), which static hosts do not serve; remove the leading \".\"", p, seg, dec)
		}
	}
	return nil
}

// spaceOrControl reports whether r may not stand unescaped in a path that
// is written into the ledger's lines and links.
func spaceOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// keyLine finds the line that sets key (dotted, e.g. "agency.name"; matched
// case-insensitively, as the decoder matches keys). For a key in an array of
// tables, elem picks the table (0-based; -1 for any). It returns the line of
// the table's header when the table does not set the key, and 1 when the file
// has neither.
func keyLine(data []byte, key string, elem int) int {
	return findKey(data, key, elem, true)
}

// findKey is keyLine, matching keys case-insensitively when fold is set and
// exactly when it is not.
func findKey(data []byte, key string, elem int, fold bool) int {
	same, norm := strings.EqualFold, strings.ToLower
	if !fold {
		same = func(a, b string) bool { return a == b }
		norm = func(s string) string { return s }
	}
	table := ""
	if i := strings.LastIndex(key, "."); i >= 0 {
		table = key[:i]
	}
	cur, n := "", 0 // the current table and its index among tables of its name
	count := map[string]int{}
	header := 0
	inString := "" // the delimiter of the multi-line string being read
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if inString != "" {
			if strings.Count(l, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		if strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "[") {
			h := l
			if j := strings.LastIndex(h, "]"); j >= 0 {
				h = h[:j]
			}
			h = unquote(strings.Trim(h, "[] \t"))
			cur, n = norm(h), count[norm(h)]
			if strings.HasPrefix(l, "[[") {
				count[cur]++
			}
			if same(cur, key) && (elem < 0 || n == elem) {
				return i + 1 // the key is this table
			}
			if header == 0 && same(cur, table) && (elem < 0 || n == elem) {
				header = i + 1
			}
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		for _, d := range []string{`"""`, `'''`} {
			if strings.Count(v, d)%2 == 1 {
				inString = d
			}
		}
		full := unquote(k)
		if cur != "" {
			full = cur + "." + full
		}
		if same(full, key) && (elem < 0 || n == elem) {
			return i + 1
		}
	}
	return max(header, 1)
}

// unquote removes the quotes of a TOML key's parts and the spaces around
// its dots.
func unquote(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
