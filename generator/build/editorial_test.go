package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const editorial = basicConfig + `-- content/politics/a.txt --
Beat: Politics
Updated: 10.03.2013 09:10
Correction: An earlier version misspelled the mayor's name.
Aliases: /old/harbour-budget.html, /2013/03/harbour/

## Council approves harbour budget

Hamburg, 03.03.2013, 07:25 Time

**TNA** - The city council approved the harbour budget on Sunday.

**Article online:**

<https://news.example/bericht-575/council-approves-harbour-budget.html>
-- content/politics/b.md --
+++
title = "Minister resigns over expenses"
date = 2013-03-05T10:00:00+01:00
beat = "Politics"
id = 580
withdrawn = "The report relied on a forged document."
+++
The minister resigned.
-- content/politics/c.md --
+++
title = "Draft: committee hearing"
date = 2013-03-06T10:00:00+01:00
beat = "Politics"
id = 590
draft = true
+++
Notes.
`

const secret = `-- content/politics/embargo.txt --
Beat: Politics
Embargo: 28.11.2026 06:00

## Zeppelin quietly sold to Tasmanian cooperative

Hamburg, 27.11.2026, 09:00 Time

**TNA** - Quixotic bidders purchased the xylophonic zeppelin.

**Article online:**

<https://news.example/bericht-777/zeppelin-quietly-sold-to-tasmanian-cooperative.html>
-- content/politics/future.md --
+++
title = "Vermilion harbour regatta announced"
date = 2026-12-24T10:00:00+01:00
beat = "Sports"
id = 778
+++
Vermilion regatta sailors gather.
`

// TestEmbargoLeavesNoTrace builds an archive with a story on embargo and
// one dated in the future, and greps every output file for their titles,
// slugs, ids and words; after the embargo, the first story is there.
func TestEmbargoLeavesNoTrace(t *testing.T) {
	fsys := archiveFS(t, editorial+secret)
	before := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	s := buildFS(t, fsys, Options{Now: before})
	if s.res.Failed() {
		t.Fatal(diagText(s.res))
	}
	if want := time.Date(2026, 11, 28, 6, 0, 0, 0, time.FixedZone("CET", 3600)); !s.res.NextEmbargo.Equal(want) {
		t.Errorf("next embargo %v, want %v", s.res.NextEmbargo, want)
	}
	for p, page := range s.pages {
		for _, word := range []string{"Zeppelin", "zeppelin", "Tasmanian", "Quixotic", "xylophonic", "777", "Vermilion", "vermilion", "regatta", "778", "Sports"} {
			if strings.Contains(page, word) {
				t.Errorf("%s leaks %q from a story on embargo", p, word)
			}
		}
	}
	after := buildFS(t, fsys, Options{Now: time.Date(2026, 11, 28, 5, 0, 1, 0, time.UTC)})
	if _, ok := after.pages["bericht-777/zeppelin-quietly-sold-to-tasmanian-cooperative.html"]; !ok {
		t.Errorf("the story is not published after its embargo")
	}
	if strings.Contains(after.pages["index.html"], "Vermilion") || !after.res.NextEmbargo.Equal(time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("the story dated in the future is published early, or not announced: %v", after.res.NextEmbargo)
	}
}

// TestEditorialStates checks corrections, withdrawals, aliases and drafts
// on the pages and in the feeds, and compares the pages with golden files.
func TestEditorialStates(t *testing.T) {
	s := buildFS(t, archiveFS(t, editorial), Options{Drafts: true})
	if s.res.Failed() {
		t.Fatal(diagText(s.res))
	}
	story := s.page(t, "bericht-575/council-approves-harbour-budget.html")
	for _, want := range []string{
		`<aside class="correction" role="note">`, `An earlier version misspelled the mayor&#39;s name.`,
		`Updated <time datetime="2013-03-10T09:10:00+01:00">`, `"correction":{"@type":"CorrectionComment"`,
		`"dateModified":"2013-03-10T09:10:00+01:00"`,
	} {
		if !strings.Contains(story, want) {
			t.Errorf("story page lacks %q", want)
		}
	}
	notice := s.page(t, "bericht-580/minister-resigns-over-expenses.html")
	if !strings.Contains(notice, "The report relied on a forged document.") || !strings.Contains(notice, `<meta name="robots" content="noindex">`) ||
		strings.Contains(notice, "The minister resigned.") {
		t.Errorf("withdrawal notice wrong:\n%s", notice)
	}
	for p, page := range s.pages {
		if p != "bericht-580/minister-resigns-over-expenses.html" && !strings.HasPrefix(p, "embed/580/") && !strings.HasPrefix(p, "oembed/580") &&
			strings.Contains(page, "Minister resigns") {
			t.Errorf("withdrawn story listed in %s", p)
		}
	}
	if !strings.Contains(s.page(t, "embed/580/index.html"), "The report relied on a forged document.") {
		t.Errorf("embed card of a withdrawn story shows no notice")
	}
	alias := s.page(t, "old/harbour-budget.html")
	if !strings.Contains(alias, `<meta http-equiv="refresh" content="0; url=/bericht-575/council-approves-harbour-budget.html">`) ||
		!strings.Contains(alias, `<link rel="canonical" href="https://news.example/bericht-575/council-approves-harbour-budget.html">`) {
		t.Errorf("alias page:\n%s", alias)
	}
	if got := s.page(t, "_redirects"); !strings.Contains(got, "/2013/03/harbour/ /bericht-575/council-approves-harbour-budget.html 301\n") {
		t.Errorf("_redirects:\n%s", got)
	}
	if got := s.page(t, "nginx-redirects.conf"); !strings.Contains(got, `"/old/harbour-budget.html" "/bericht-575/council-approves-harbour-budget.html";`) {
		t.Errorf("nginx-redirects.conf:\n%s", got)
	}
	draft := s.page(t, "bericht-590/draft-committee-hearing.html")
	if !strings.Contains(draft, `<span class="draft">Draft</span>`) || !strings.Contains(draft, `content="noindex"`) {
		t.Errorf("draft not marked")
	}
	// The feed moves the updated story (3 March, updated 10 March) above
	// the draft of 6 March.
	feed := s.page(t, "feed.json")
	if strings.Index(feed, "Council approves") > strings.Index(feed, "Draft: committee") {
		t.Errorf("feed order is not by update time:\n%s", feed)
	}
	for _, p := range []string{"bericht-575/council-approves-harbour-budget.html", "bericht-580/minister-resigns-over-expenses.html", "old/harbour-budget.html"} {
		golden(t, "editorial_"+strings.ReplaceAll(p, "/", "_"), s.page(t, p))
	}
}

// golden compares got with testdata/golden/name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}
