package archive

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"dateline/generator/article"
)

// The permalink ledger, SITE/permalinks.txt, lists every permalink the
// archive ever published, one per line, sorted:
//
//	/bericht-575/putin-obama-task-top-diplomats.html 575
//
// the path (relative to baseURL's path) and the id of the story it belongs
// to. Lines starting with "#" are comments. A build checks that every
// recorded permalink still answers, with a story, a withdrawal notice or an
// alias; it is committed with the archive, so that a permalink once
// published answers forever.

// LedgerFile is the ledger's name in the archive folder.
const LedgerFile = "permalinks.txt"

// LedgerEntry is one recorded permalink.
type LedgerEntry struct {
	Permalink string
	ID        int
	Line      int
}

// ParseLedger reads the ledger's lines.
func ParseLedger(data []byte) ([]LedgerEntry, []article.Diagnostic) {
	entries := make([]LedgerEntry, 0, bytes.Count(data, []byte("\n")))
	var ds []article.Diagnostic
	i := 0
	for line := range strings.Lines(string(data)) {
		i++
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		permalink, idText, _ := strings.Cut(line, " ")
		id, err := strconv.Atoi(idText)
		if err != nil || !strings.HasPrefix(permalink, "/") || strings.ContainsFunc(permalink, unicode.IsSpace) {
			// (Not the usual form; a line that still has two fields is.)
			f := strings.Fields(line)
			if len(f) == 2 {
				permalink = f[0]
				id, err = strconv.Atoi(f[1])
			}
			if len(f) != 2 || err != nil || !strings.HasPrefix(permalink, "/") {
				ds = append(ds, article.Diagnostic{Path: LedgerFile, Line: i,
					Msg: fmt.Sprintf("%q is not \"PERMALINK ID\"; the ledger is written by dateline, restore it from version control", line)})
				continue
			}
		}
		entries = append(entries, LedgerEntry{Permalink: permalink, ID: id, Line: i})
	}
	return entries, ds
}

// CheckLedger checks that every recorded permalink still answers. One whose
// story kept its id under a new permalink becomes an alias of it, with a
// warning; any other is an error naming the permalink and the three ways
// out. Stories on embargo are not in the archive, so a published story put
// under embargo is an error too.
func (a *Archive) CheckLedger(entries []LedgerEntry) []article.Diagnostic {
	byID := a.byID()
	var answers map[string]bool // the files that answer, made when first needed
	var ds []article.Diagnostic
	for _, e := range entries {
		s := byID[e.ID]
		if s != nil && s.Permalink == e.Permalink {
			continue // the story answers there still (the usual case)
		}
		if answers == nil {
			answers = make(map[string]bool, len(byID)+len(a.Aliases))
			for _, s := range byID {
				answers[s.File] = true
			}
			for _, al := range a.Aliases {
				answers[al.File] = true
			}
		}
		file, err := File(e.Permalink)
		if err != nil || answers[file] {
			continue
		}
		if s != nil {
			a.Aliases = append(a.Aliases, &Alias{Path: e.Permalink, File: file, Story: s, Auto: true})
			answers[file] = true
			ds = append(ds, article.Diagnostic{Path: s.Path, Line: 1, Warning: true,
				Msg: fmt.Sprintf("the permalink of story %d moved from %s to %s; the old one now redirects (add it to the story's aliases to say so)", e.ID, e.Permalink, s.Permalink)})
			continue
		}
		ds = append(ds, article.Diagnostic{Path: LedgerFile, Line: e.Line,
			Msg: fmt.Sprintf("permalink %s (story %d) was published and no longer answers: restore the story, add %s to another story's aliases, or keep the story and withdraw it (withdrawn = \"reason\")", e.Permalink, e.ID, e.Permalink)})
	}
	slices.SortFunc(a.Aliases, func(x, y *Alias) int { return strings.Compare(x.File, y.File) })
	return ds
}

// byID returns the stories, withdrawn ones too, by id.
func (a *Archive) byID() map[int]*Story {
	byID := make(map[int]*Story, len(a.Stories)+len(a.Withdrawn))
	for _, s := range a.Stories {
		byID[s.ID] = s
	}
	for _, s := range a.Withdrawn {
		byID[s.ID] = s
	}
	return byID
}

// ledgerHead is the comment Ledger writes above the lines.
const ledgerHead = "# Every permalink this archive has published, with its story's id. Written by\n# dateline build; commit it with the archive. See README.md, \"The permalink ledger\".\n"

// LedgerHolds reports whether data, the ledger as read, with the entries
// ParseLedger found in it (after CheckLedger), is byte for byte what Ledger
// would return: then a build that changed no permalink need not make it,
// which at 100,000 stories is a sort of 100,000 lines.
func (a *Archive) LedgerHolds(data []byte, entries []LedgerEntry) bool {
	n := len(a.Stories) + len(a.Withdrawn) + len(a.Aliases)
	rest, ok := bytes.CutPrefix(data, []byte(ledgerHead))
	if !ok || n == 0 || len(entries) != n {
		return false
	}
	byID := a.byID()
	aliases := make(map[string]int, len(a.Aliases))
	for _, al := range a.Aliases {
		aliases[al.Path] = al.Story.ID
	}
	// The file is the head and then, line by line, the entries as Ledger
	// writes them: n distinct lines in Ledger's order, each one of the n
	// lines Ledger writes.
	var line []byte
	for i, e := range entries {
		line = append(append(line[:0], e.Permalink...), ' ')
		line = append(strconv.AppendInt(line, int64(e.ID), 10), '\n')
		if !bytes.HasPrefix(rest, line) {
			return false
		}
		rest = rest[len(line):]
		s := byID[e.ID]
		id, alias := aliases[e.Permalink]
		if (s == nil || s.Permalink != e.Permalink) && (!alias || id != e.ID) {
			return false
		}
		if i > 0 && compareLines(entries[i-1].Permalink, entries[i-1].ID, e.Permalink, e.ID) >= 0 {
			return false
		}
	}
	return len(rest) == 0
}

// compareLines orders the ledger's lines "PATH ID" as text: a path has no
// space or control character (File and the alias checks refuse them), so a
// path that is a prefix of another sorts first either way.
func compareLines(path1 string, id1 int, path2 string, id2 int) int {
	if c := strings.Compare(path1, path2); c != 0 {
		return c
	}
	return strings.Compare(strconv.Itoa(id1), strconv.Itoa(id2))
}

// Ledger returns the ledger after this build: every story's permalink and
// every alias, sorted as lines.
func (a *Archive) Ledger() []byte {
	type line struct {
		path string
		id   int
	}
	lines := make([]line, 0, len(a.Stories)+len(a.Withdrawn)+len(a.Aliases))
	for _, s := range a.Stories {
		lines = append(lines, line{s.Permalink, s.ID})
	}
	for _, s := range a.Withdrawn {
		lines = append(lines, line{s.Permalink, s.ID})
	}
	for _, al := range a.Aliases {
		lines = append(lines, line{al.Path, al.Story.ID})
	}
	slices.SortFunc(lines, func(x, y line) int { return compareLines(x.path, x.id, y.path, y.id) })
	lines = slices.Compact(lines)
	n := len(ledgerHead)
	for _, l := range lines {
		n += len(l.path) + 22
	}
	b := make([]byte, 0, n)
	b = append(b, ledgerHead...)
	for _, l := range lines {
		b = append(b, l.path...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(l.id), 10)
		b = append(b, '\n')
	}
	if len(lines) == 0 {
		b = append(b, '\n') // (as the first ledgers were written)
	}
	return b
}
