package archive_test

import (
	"strings"
	"testing"

	"dateline/generator/archive"
	"dateline/generator/article"
)

// TestLedgerHolds checks that a build finds the ledger it would write in
// the file it read (and so need not make it), and nothing else: every
// change to the file, or to the stories, is a ledger to write again.
func TestLedgerHolds(t *testing.T) {
	written := string(ledgerArchive(t).Ledger())
	holds := func(arch *archive.Archive, data string) bool {
		t.Helper()
		entries, ds := archive.ParseLedger([]byte(data))
		if len(ds) > 0 {
			return false
		}
		if ds := arch.CheckLedger(entries); len(ds) > 0 {
			t.Fatalf("CheckLedger: %v", ds)
		}
		return arch.LedgerHolds([]byte(data), entries)
	}
	if !holds(ledgerArchive(t), written) {
		t.Fatalf("the ledger the archive writes does not hold for it:\n%s", written)
	}
	lines := strings.SplitAfter(written, "\n")
	for _, c := range []struct{ why, data string }{
		{"a comment added", written + "# note\n"},
		{"a blank line", strings.Replace(written, lines[3], lines[3]+"\n", 1)},
		{"no final newline", strings.TrimSuffix(written, "\n")},
		{"CRLF", strings.ReplaceAll(written, "\n", "\r\n")},
		{"two spaces", strings.Replace(written, " 5\n", "  5\n", 1)},
		{"a leading zero", strings.Replace(written, " 5\n", " 05\n", 1)},
		{"lines swapped", strings.Replace(written, lines[2]+lines[3], lines[3]+lines[2], 1)},
		{"a line twice", strings.Replace(written, lines[3], lines[3]+lines[3], 1)},
		{"another head", strings.Replace(written, "Written by", "Made by", 1)},
		{"no head", strings.Join(lines[2:], "")},
	} {
		if holds(ledgerArchive(t), c.data) {
			t.Errorf("%s: the ledger holds:\n%s", c.why, c.data)
		}
	}
	// A story more: a line more to write; a line of a story gone (CheckLedger
	// would refuse the build) is not one the archive writes either.
	if holds(ledgerArchive(t, story("d.md", "World", "Delta", "2015-01-01 12:00", withID(7))), written) {
		t.Errorf("a new story: the ledger holds without its permalink")
	}
	if a := build(t, parseConfig(t, berlin), story("a.md", "Politics", "Alpha", "2013-03-03 07:25", withID(5))); a.LedgerHolds([]byte(written), mustParse(t, written)) {
		t.Errorf("two stories gone: the ledger holds with their lines")
	}
}

func mustParse(t *testing.T, data string) []archive.LedgerEntry {
	t.Helper()
	entries, ds := archive.ParseLedger([]byte(data))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return entries
}

// ledgerArchive is the archive of the ledger's tests: three stories, one of
// them with an old path, and the extra ones.
func ledgerArchive(t testing.TB, extra ...*article.Article) *archive.Archive {
	return build(t, parseConfig(t, berlin), append([]*article.Article{
		story("a.md", "Politics", "Alpha", "2013-03-03 07:25", withID(5)),
		story("b.md", "World", "Beta", "2013-03-04 07:25", withID(40), func(a *article.Article) {
			a.Notes = &article.Notes{Aliases: []string{"/old/beta.html"}, AliasLine: 7}
		}),
		story("c.md", "Sport", "Gamma", "2014-01-01 12:00", withID(6), withURL("/bericht-6/gamma.html")),
	}, extra...)...)
}

// FuzzLedgerHolds holds LedgerHolds to what it says, for any file: when it
// reports that the ledger read holds, Ledger returns exactly those bytes.
func FuzzLedgerHolds(f *testing.F) {
	written := string(ledgerArchive(f).Ledger())
	f.Add(written)
	for _, c := range [][2]string{{" 5\n", "\t5\n"}, {" 5\n", "\r5\n"}, {" 5\n", " 05\n"}, {" 5\n", " +5\n"}, {"\n", "\r\n"}} {
		f.Add(strings.Replace(written, c[0], c[1], 1))
	}
	lines := strings.SplitAfter(written, "\n")
	for i, l := range lines {
		if p, _, ok := strings.Cut(l, " "); ok && strings.HasPrefix(p, "/") {
			// A line of the story's permalink with another id: id 0 is no
			// story's, and no alias's either.
			f.Add(strings.Join(lines[:i], "") + p + " 0\n" + strings.Join(lines[i+1:], ""))
		}
	}
	f.Add(written + "# more\n")
	f.Fuzz(func(t *testing.T, data string) {
		a := ledgerArchive(t)
		entries, _ := archive.ParseLedger([]byte(data))
		a.CheckLedger(entries)
		if a.LedgerHolds([]byte(data), entries) && string(a.Ledger()) != data {
			t.Errorf("the ledger holds, and Ledger makes another:\n%q\nread:\n%q", a.Ledger(), data)
		}
	})
}
