package article

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// FrontMatter is the raw front matter of a Markdown file, split from it.
type FrontMatter struct {
	Format string // "toml", "yaml", or "" when the file has none
	Text   string // between the fences
	Line   int    // the line of the file where Text starts
}

// SplitFrontMatter splits a Markdown file (LF line ends, no BOM) into its
// front matter and body. The front matter is TOML between "+++" lines or YAML
// between "---" lines, starting on the first line. bodyLine is the line of
// the file where body starts. An opening fence without a closing one is an
// error naming the opening line.
func SplitFrontMatter(text string) (fm FrontMatter, body string, bodyLine int, err error) {
	first, rest, _ := strings.Cut(text, "\n")
	fence := strings.TrimRight(first, " \t")
	switch fence {
	case "+++":
		fm.Format = "toml"
	case "---":
		fm.Format = "yaml"
	default:
		return FrontMatter{}, text, 1, nil
	}
	fm.Line = 2
	// Line by line, the front matter and body are pieces of text, not
	// copies: i is the line's number in rest, from 0, at byte off.
	for i, off := 0, 0; off <= len(rest); i++ {
		line, next := rest[off:], len(rest)+1
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line, next = line[:j], off+j+1
		}
		if strings.TrimRight(line, " \t") == fence {
			fm.Text = rest[:max(off-1, 0)]
			return fm, rest[min(next, len(rest)):], i + 3, nil
		}
		off = next
	}
	return FrontMatter{}, "", 1, fmt.Errorf("front matter is not closed: add a line %q after it", fence)
}

// field is one front matter value with its key as written and its line in
// the file.
type field struct {
	value any // string, bool, int64, float64, time.Time, []any, map...
	line  int
	key   string
}

var lineInErr = regexp.MustCompile(`line (\d+)`)

// yamlParserProblem are the messages of yaml.v3's parser errors, whose "line
// N" is 0-based; its scanner errors give a 1-based line.
var yamlParserProblem = map[string]bool{
	"did not find expected ',' or ']'": true, "did not find expected ',' or '}'": true,
	"did not find expected '-' indicator": true, "did not find expected <document start>": true,
	"did not find expected <stream-start>": true, "did not find expected key": true,
	"did not find expected node content": true, "found duplicate %TAG directive": true,
	"found duplicate %YAML directive": true, "found incompatible YAML document": true,
	"found undefined tag handle": true,
}

// decodeFrontMatter decodes fm into its top-level keys, lower-cased (keys are
// case-insensitive, as in Hugo). A syntax error or a key given twice is
// reported at its line in the file.
func decodeFrontMatter(fm FrontMatter, ds *diags) (map[string]field, bool) {
	out := map[string]field{}
	add := func(f field) bool {
		k := strings.ToLower(f.key)
		if prev, dup := out[k]; dup {
			first, second := prev, f
			if second.line < first.line {
				first, second = second, first
			}
			ds.errorf(second.line, "front matter key %q is given twice (also on line %d): keep one", second.key, first.line)
			return false
		}
		out[k] = f
		return true
	}
	switch fm.Format {
	case "toml":
		var m map[string]any
		if _, err := toml.Decode(fm.Text, &m); err != nil {
			line, msg := 1, err.Error()
			var pe toml.ParseError
			if errors.As(err, &pe) {
				line, msg = pe.Position.Line, pe.Message
			}
			ds.errorf(fm.Line+line-1, "front matter (TOML) does not parse: %s", msg)
			return nil, false
		}
		lines := tomlKeyLines(fm.Text)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { // in file order, for stable messages
			return lines[keys[i]] < lines[keys[j]] || lines[keys[i]] == lines[keys[j]] && keys[i] < keys[j]
		})
		for _, k := range keys {
			if !add(field{m[k], fm.Line + max(lines[k], 1) - 1, k}) {
				return nil, false
			}
		}
	case "yaml":
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(fm.Text), &doc); err != nil {
			line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
			if m := lineInErr.FindStringSubmatch(msg); m != nil {
				line, _ = strconv.Atoi(m[1])
				msg = strings.TrimSpace(msg[strings.Index(msg, m[0])+len(m[0]):])
				msg = strings.TrimPrefix(msg, ": ")
				if yamlParserProblem[msg] {
					line++ // yaml.v3 prints the 0-based line of parser (not scanner) errors
				}
			}
			ds.errorf(fm.Line+line-1, "front matter (YAML) does not parse: %s", msg)
			return nil, false
		}
		if len(doc.Content) == 0 {
			return out, true
		}
		root := doc.Content[0]
		if root.Kind != yaml.MappingNode {
			ds.errorf(fm.Line+root.Line-1, "front matter (YAML) is not a mapping of keys to values")
			return nil, false
		}
		budget := maxYAMLNodes
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			val, ok := yamlValue(v, &budget, 0)
			if !ok {
				ds.errorf(fm.Line+k.Line-1, "front matter (YAML) %q: its aliases refer to themselves or expand too far; write the value out", k.Value)
				return nil, false
			}
			if !add(field{val, fm.Line + k.Line - 1, k.Value}) {
				return nil, false
			}
		}
	}
	return out, true
}

// maxYAMLNodes bounds the nodes yamlValue visits in one front matter, so
// that aliases cannot make it loop or blow up ("billion laughs").
const maxYAMLNodes = 10000

// yamlValue turns a node into plain values; scalars stay strings, so that
// dates and numbers are read the same way from YAML and TOML. It reports
// false when the value, with its aliases expanded, is cyclic or too big.
func yamlValue(n *yaml.Node, budget *int, depth int) (any, bool) {
	*budget--
	if *budget < 0 || depth > 100 || n == nil {
		return nil, false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				return b, true
			}
		case "!!int":
			var i int64
			if n.Decode(&i) == nil {
				return i, true
			}
		case "!!null":
			return nil, true
		}
		return n.Value, true
	case yaml.SequenceNode:
		var list []any
		for _, c := range n.Content {
			v, ok := yamlValue(c, budget, depth+1)
			if !ok {
				return nil, false
			}
			list = append(list, v)
		}
		return list, true
	case yaml.AliasNode:
		return yamlValue(n.Alias, budget, depth+1)
	}
	return n, true // a mapping: reported as a wrong type by the readers below
}

// tomlKeyLines returns the line (1-based, in text) of each top-level key of
// a TOML document: "key = ...", "key.sub = ..." before the first table, and
// "[key]", "[key.sub]", "[[key]]" headers. Lines inside multi-line strings
// are skipped. It is a scan, not a parser: the document has already parsed.
func tomlKeyLines(text string) map[string]int {
	lines := map[string]int{}
	inTable, inString := false, ""
	for i, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if inString != "" {
			if strings.Count(t, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		var key string
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
			continue
		case strings.HasPrefix(t, "["):
			inTable = true
			key = strings.TrimLeft(t, "[ \t")
			if j := strings.IndexByte(key, ']'); j >= 0 {
				key = key[:j]
			}
		case !inTable:
			key, _, _ = strings.Cut(t, "=")
		}
		if k := tomlFirstKey(key); k != "" {
			if _, seen := lines[k]; !seen {
				lines[k] = i + 1
			}
		}
		for _, q := range []string{`"""`, "'''"} {
			if strings.Count(t, q)%2 == 1 {
				inString = q
			}
		}
	}
	return lines
}

// tomlFirstKey returns the first part of a dotted TOML key, unquoted.
func tomlFirstKey(key string) string {
	key = strings.TrimSpace(key)
	if strings.HasPrefix(key, `"`) || strings.HasPrefix(key, "'") {
		if j := strings.IndexByte(key[1:], key[0]); j >= 0 {
			return key[1 : j+1]
		}
		return ""
	}
	first, _, _ := strings.Cut(key, ".")
	return strings.TrimSpace(first)
}

// The readers below convert one field or report its wrong type.

func (f field) str(key string, ds *diags) (string, bool) {
	switch v := f.value.(type) {
	case string:
		return v, true
	case int64, float64, bool:
		return fmt.Sprint(v), true
	}
	ds.errorf(f.line, "front matter %s must be a string", key)
	return "", false
}

func (f field) strings(key string, ds *diags) ([]string, bool) {
	switch v := f.value.(type) {
	case string:
		return []string{v}, true
	case []any:
		var out []string
		for _, x := range v {
			s, ok := field{x, f.line, f.key}.str(key, ds)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	ds.errorf(f.line, "front matter %s must be a list of strings", key)
	return nil, false
}

func (f field) boolean(key string, ds *diags) bool {
	switch v := f.value.(type) {
	case bool:
		return v
	case string:
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	ds.errorf(f.line, "front matter %s must be true or false", key)
	return false
}

func (f field) integer(key string, ds *diags) int {
	switch v := f.value.(type) {
	case int64:
		if v > 0 && v < 1<<31 {
			return int(v)
		}
	case string:
		if n, err := strconv.Atoi(v); err == nil && n > 0 && int64(n) < 1<<31 {
			return n
		}
	}
	ds.errorf(f.line, "front matter %s must be a positive whole number", key)
	return 0
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 Z07:00", "2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
}

func (f field) date(key string, loc *time.Location, ds *diags) time.Time {
	switch v := f.value.(type) {
	case time.Time:
		if v.Location().String() == "time-local" {
			ds.errorf(f.line, "front matter %s %s is a time of day without a date: use 2013-03-03T07:25:00+01:00", key, v.Format("15:04:05"))
			return time.Time{}
		}
		if strings.HasSuffix(v.Location().String(), "-local") {
			return LocalTime(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), loc)
		}
		return v
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range dateLayouts {
			if strings.ContainsAny(layout, "Z-0") && strings.Contains(layout, "07") {
				if t, err := time.Parse(layout, s); err == nil {
					return t
				}
				continue
			}
			if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
				return LocalTime(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), loc)
			}
		}
		ds.errorf(f.line, "front matter %s %q is not a date: use 2013-03-03T07:25:00+01:00, or 2013-03-03 07:25 local to the archive's time zone", key, v)
		return time.Time{}
	}
	ds.errorf(f.line, "front matter %s must be a date such as 2013-03-03T07:25:00+01:00", key)
	return time.Time{}
}
