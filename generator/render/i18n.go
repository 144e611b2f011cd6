package render

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// language is the theme's words and date formats in one language, from
// templates/i18n/LANG.toml (the archive's over the theme's), with English
// for what it lacks and config.toml's [strings] over both.
type language struct {
	Locale    string            `toml:"locale"`
	Months    []string          `toml:"months"`
	DateTime  string            `toml:"dateTime"`
	DayFmt    string            `toml:"day"`
	MonthYear string            `toml:"monthYear"`
	Strings   map[string]string `toml:"strings"`
}

// loadLanguage reads lang's file and English, and applies the overrides.
func loadLanguage(fsys fs.FS, lang string, overrides map[string]string) (*language, error) {
	read := func(name string) (*language, error) {
		var l language
		data, err := fs.ReadFile(fsys, "i18n/"+name+".toml")
		if err != nil {
			return nil, fmt.Errorf("language %q has no templates/i18n/%s.toml: add one (copy the default theme's en.toml and translate it)", name, name)
		}
		if _, err := toml.Decode(string(data), &l); err != nil {
			return nil, fmt.Errorf("templates/i18n/%s.toml: %v", name, err)
		}
		if l.Months != nil && len(l.Months) != 12 {
			return nil, fmt.Errorf("templates/i18n/%s.toml: months must list 12 names, not %d", name, len(l.Months))
		}
		return &l, nil
	}
	en, err := read("en")
	if err != nil {
		return nil, err
	}
	l := en
	if lang != "en" {
		if l, err = read(lang); err != nil {
			return nil, err
		}
		if l.Months == nil {
			l.Months = en.Months
		}
		for _, f := range []struct {
			to   *string
			from string
		}{{&l.Locale, en.Locale}, {&l.DateTime, en.DateTime}, {&l.DayFmt, en.DayFmt}, {&l.MonthYear, en.MonthYear}} {
			if *f.to == "" {
				*f.to = f.from
			}
		}
		if l.Strings == nil {
			l.Strings = map[string]string{}
		}
		for k, v := range en.Strings {
			if _, ok := l.Strings[k]; !ok {
				l.Strings[k] = v
			}
		}
	}
	for k, v := range overrides {
		l.Strings[k] = v
	}
	return l, nil
}

// T returns the string for key, or the key itself when no file has it.
func (l *language) T(key string) string {
	if s, ok := l.Strings[key]; ok {
		return s
	}
	return key
}

func (l *language) format(pattern string, t time.Time) string {
	b := make([]byte, 0, len(pattern)+16)
	for pattern != "" {
		i := strings.IndexByte(pattern, '{')
		j := strings.IndexByte(pattern[max(i, 0):], '}') + max(i, 0)
		if i < 0 || j < i {
			b = append(b, pattern...)
			break
		}
		b = append(b, pattern[:i]...)
		switch pattern[i : j+1] {
		case "{dd}":
			b = t.AppendFormat(b, "02")
		case "{d}":
			b = strconv.AppendInt(b, int64(t.Day()), 10)
		case "{mm}":
			b = t.AppendFormat(b, "01")
		case "{month}":
			b = append(b, l.Months[t.Month()-1]...)
		case "{yyyy}":
			b = strconv.AppendInt(b, int64(t.Year()), 10)
		case "{HH}":
			b = t.AppendFormat(b, "15")
		case "{MM}":
			b = t.AppendFormat(b, "04")
		default: // not a field: the brace is text
			b = append(b, '{')
			pattern = pattern[i+1:]
			continue
		}
		pattern = pattern[j+1:]
	}
	return string(b)
}

// DateTime: "3 March 2013, 07:25" or "03.03.2013, 07:25 Uhr".
func (l *language) DateTimeOf(t time.Time) string { return l.format(l.DateTime, t) }

// Day: "3 March 2013" or "3. März 2013".
func (l *language) Day(t time.Time) string { return l.format(l.DayFmt, t) }

// Month: "March 2013" or "März 2013".
func (l *language) Month(t time.Time) string { return l.format(l.MonthYear, t) }
