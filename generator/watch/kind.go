// Package watch turns file-system events in an archive folder into batches
// of classified changes, for serve's rebuilds.
//
// A Watcher watches config.toml and the content/, templates/ and static/
// folders recursively, including folders created or moved in later. Events
// arrive in bursts (an editor's save is 2 to 4 events, a git checkout
// thousands); the Watcher sends one Batch when a burst has been quiet for a
// moment. Classify sorts a batch's paths by what they change: content,
// templates, static files or the config. Editor swap and backup files
// (.swp, ~, 4913, .#*) and hidden files are ignored.
package watch

import (
	"path"
	"slices"
	"strings"
)

// Kind is what a changed path belongs to, in the order of the stages it
// touches first.
type Kind int

const (
	Config   Kind = iota + 1 // config.toml: everything again
	Template                 // templates/: the pages that use the template
	Content                  // content/: the stories and the pages listing them
	Static                   // static/: files copied as they are
)

func (k Kind) String() string {
	return [...]string{"none", "config", "template", "content", "static"}[k]
}

// Batch is one burst of changes, classified.
type Batch struct {
	Kinds     []Kind   // sorted, each once
	Content   []string // changed paths under content/, slash-separated, relative to the archive
	Templates []string // changed paths under templates/
	Static    []string // changed paths under static/
}

// Has reports whether the batch holds a change of kind k.
func (b Batch) Has(k Kind) bool { return slices.Contains(b.Kinds, k) }

// Ignored reports whether a file name is an editor's swap, backup or lock
// file, or hidden.
func Ignored(name string) bool {
	base := path.Base(name)
	switch {
	case base == "4913", strings.HasPrefix(base, "."), strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, ".tmp"):
		return true
	}
	return false
}

// Classify sorts changed paths (slash-separated, relative to the archive
// folder) into a Batch. Paths outside the watched parts are dropped.
func Classify(paths []string) Batch {
	var b Batch
	kinds := map[Kind]bool{}
	seen := map[string]bool{}
	for _, p := range paths {
		p = path.Clean(p)
		if seen[p] || Ignored(p) {
			continue
		}
		seen[p] = true
		top, _, _ := strings.Cut(p, "/")
		switch {
		case p == "config.toml":
			kinds[Config] = true
		case top == "templates" && p != "templates":
			kinds[Template] = true
			b.Templates = append(b.Templates, p)
		case top == "content" && p != "content":
			kinds[Content] = true
			b.Content = append(b.Content, p)
		case top == "static" && p != "static":
			kinds[Static] = true
			b.Static = append(b.Static, p)
		}
	}
	for k := range kinds {
		b.Kinds = append(b.Kinds, k)
	}
	slices.Sort(b.Kinds)
	slices.Sort(b.Content)
	slices.Sort(b.Templates)
	slices.Sort(b.Static)
	return b
}
