package article

import (
	"errors"
	"fmt"
	"regexp"
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
	lines := strings.Split(rest, "\n")
	for i, l := range lines {
		if strings.TrimRight(l, " \t") == fence {
			fm.Text = strings.Join(lines[:i], "\n")
			return fm, strings.Join(lines[i+1:], "\n"), i + 3, nil
		}
	}
	return FrontMatter{}, "", 1, fmt.Errorf("front matter is not closed: add a line %q after it", fence)
}

// field is one front matter value with its line in the file.
type field struct {
	value any // string, bool, int64, float64, time.Time, []any, map...
	line  int
}

var lineInErr = regexp.MustCompile(`line (\d+)`)

// decodeFrontMatter decodes fm into its top-level keys. A syntax error is
// reported at its line in the file.
func decodeFrontMatter(fm FrontMatter, ds *diags) (map[string]field, bool) {
	out := map[string]field{}
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
		for k, v := range m {
			out[k] = field{v, fm.Line + keyLineIn(fm.Text, k) - 1}
		}
	case "yaml":
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(fm.Text), &doc); err != nil {
			line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
			if m := lineInErr.FindStringSubmatch(msg); m != nil {
				line, _ = strconv.Atoi(m[1])
				msg = strings.TrimSpace(msg[strings.Index(msg, m[0])+len(m[0]):])
				msg = strings.TrimPrefix(msg, ": ")
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
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			out[k.Value] = field{yamlValue(v), fm.Line + k.Line - 1}
		}
	}
	return out, true
}

// yamlValue turns a node into plain values; scalars stay strings, so that
// dates and numbers are read the same way from YAML and TOML.
func yamlValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				return b
			}
		case "!!int":
			var i int64
			if n.Decode(&i) == nil {
				return i
			}
		case "!!null":
			return nil
		}
		return n.Value
	case yaml.SequenceNode:
		var list []any
		for _, c := range n.Content {
			list = append(list, yamlValue(c))
		}
		return list
	case yaml.AliasNode:
		return yamlValue(n.Alias)
	}
	return n // a mapping: reported as a wrong type by the readers below
}

func keyLineIn(text, key string) int {
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		l = strings.Trim(strings.SplitN(l, "=", 2)[0], " \"'")
		if l == key {
			return i + 1
		}
	}
	return 1
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
			s, ok := field{x, f.line}.str(key, ds)
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
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	ds.errorf(f.line, "front matter %s must be a positive whole number", key)
	return 0
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
}

func (f field) date(key string, loc *time.Location, ds *diags) time.Time {
	switch v := f.value.(type) {
	case time.Time:
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
