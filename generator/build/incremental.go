package build

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"dateline/generator/archive"
	"dateline/generator/article"
	"dateline/generator/render"
)

// The incremental plan: after a change, which pages must be rendered again.
//
// Every page shows the site-wide things (config, the list of beats, the
// list of years) and uses baseof.html and the partials: when one of these
// changes, everything is rendered. A changed page template renders the
// pages made with it (article.html: every story; beat.html: every beat
// page; archive.html: every date page). Otherwise a story's page is rendered when the story changed
// (its file's bytes or anything the archive resolved for it) or when its
// previous or next story in the beat is another story or changed. List
// pages show of a story only its StoryLink (title, summary, byline, date,
// permalink, beat): when a story of a beat was added, removed or moved, all
// the beat's pages are rendered, else only the page that lists a story
// whose StoryLink changed; a day, month or year page when a story of that
// date came, went or changed its StoryLink. An edit of a body beyond the
// lead thus renders the story's page and the files with full text (its
// beat's feeds, its month's ninjs file), no list. The home page, the lists
// of beats and years, the imprint and 404 are always rendered.

// Changes says what changed since the last build of a Builder.
type Changes struct {
	All     bool     // config.toml: parse and render everything
	Content []string // story files created, changed or removed (paths relative to the archive)
}

// templateSums hashes every template file, the archive's over the theme's.
func templateSums(fsys fs.FS) map[string][32]byte {
	sums := map[string][32]byte{}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, err := fs.ReadFile(fsys, p); err == nil {
				sums[p] = sha256.Sum256(data)
			}
		}
		return nil
	})
	return sums
}

// templateKinds compares two builds' templates: whether every page must be
// rendered again (baseof.html or a partial changed), or the page templates
// that changed.
func templateKinds(last, next map[string][32]byte) (all bool, pages map[string]bool) {
	pages = map[string]bool{}
	for name := range maps.Keys(next) {
		if last[name] == next[name] {
			continue
		}
		if !slices.Contains(render.PageTemplates, name) {
			return true, nil // baseof.html, a partial, or something a template may include
		}
		pages[name] = true
	}
	for name := range last {
		if _, ok := next[name]; !ok {
			return true, nil
		}
	}
	return false, pages
}

// snapshot is what a successful build leaves for the next one to compare.
type snapshot struct {
	site      [32]byte
	templates map[string][32]byte // by template file
	stories   []storyState        // by path
}

// storyState is what the snapshot keeps of one story: small, since there
// is one per story and a cached build holds two snapshots.
type storyState struct {
	path string // the story's file
	// sig covers what the story's page shows of it: its file's bytes (what
	// the parse made of them follows from those and the site's settings)
	// and what the archive resolved for it.
	sig digest
	// shown covers what list pages (render.StoryLink) and the search index
	// show of the story: both change with it, so that a new title or
	// summary renders the lists and writes the index, and an edit of a body
	// beyond its lead does neither.
	shown        digest
	older, newer int32  // the neighbours in the beat, by index in the snapshot's stories; -1 for none
	beat         string // the beat's slug
	pos          int32  // the story's place in its beat's list, from 0; -1 for none
	page         int32  // the number of the beat's page that lists it
	y            int16
	m, d         int8
}

// neighbour returns the path of the story at index i, "" for none (-1).
func (s *snapshot) neighbour(i int32) string {
	if i < 0 {
		return ""
	}
	return s.stories[i].path
}

// digest is the first half of a SHA-256 sum: a story's states are compared,
// never trusted, so 128 bits are plenty.
type digest [16]byte

// hashStory hashes parts like hashStrings, in scratch's memory: a snapshot
// hashes every story twice.
func hashStory(scratch *[]byte, parts ...string) digest {
	*scratch = appendParts((*scratch)[:0], parts)
	sum := sha256.Sum256(*scratch)
	return digest(sum[:16])
}

// hashStrings hashes parts, each ended by a NUL.
func hashStrings(parts ...string) [32]byte {
	return sha256.Sum256(appendParts(nil, parts))
}

func appendParts(b []byte, parts []string) []byte {
	for _, p := range parts {
		b = append(append(b, p...), 0)
	}
	return b
}

// listedDigest hashes what list pages (render.StoryLink) and the search
// index show of an article, of what its file gives: the snapshot's shown
// adds what the archive resolves. It is taken once, when the file is
// parsed.
func listedDigest(a *article.Article) digest {
	if a == nil {
		return digest{}
	}
	scratch := scratches.Get().(*[]byte)
	defer scratches.Put(scratch)
	return hashStory(scratch, a.Title, a.Summary, a.Byline, a.Place, itoa(a.Date.UnixNano()), a.Withdrawn(), strconv.FormatBool(a.Draft))
}

// scratches are listedDigest's buffers: it runs for every story file parsed.
var scratches = sync.Pool{New: func() any { return new([]byte) }}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// siteFingerprint covers everything every page shows.
func siteFingerprint(cfgData []byte, opt Options, a *archive.Archive) [32]byte {
	parts := []string{string(cfgData), opt.BaseURL, opt.Inject, fmt.Sprint(opt.Drafts)}
	for _, b := range a.Beats {
		parts = append(parts, "beat", b.Name, b.Slug, b.Description)
	}
	for _, y := range a.Years {
		parts = append(parts, "year", fmt.Sprint(y.Year))
	}
	return hashStrings(parts...)
}

// takeSnapshot records the archive's stories for the next build; parses
// are those of the articles the archive was made of, in path order.
func takeSnapshot(site [32]byte, templates map[string][32]byte, a *archive.Archive, parses []*parsed, loc *time.Location, paginate int) *snapshot {
	all := a.All
	index := make(map[*archive.Story]int32, len(all))
	for i, s := range all {
		index[s] = int32(i)
	}
	states := make([]storyState, len(all))
	for i := range states {
		states[i].pos = -1
	}
	for _, b := range a.Beats {
		for i, s := range b.Stories {
			states[index[s]].pos = int32(i)
		}
	}
	// Each story's parse: both lists are in path order, and every story's
	// article is among the parses (the archive is made of them).
	of := make([]*parsed, len(all))
	j := 0
	for i, s := range all {
		for parses[j].a != s.Article {
			j++
		}
		of[i] = parses[j]
	}
	// The states are hashed on all cores, a run of stories each.
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var scratch []byte
			for i := w * len(all) / workers; i < (w+1)*len(all)/workers; i++ {
				st := &states[i]
				stateOf(&scratch, st, all[i], of[i], loc, paginate)
				st.older, st.newer = -1, -1
				if s := all[i].Older; s != nil {
					st.older = index[s]
				}
				if s := all[i].Newer; s != nil {
					st.newer = index[s]
				}
			}
		})
	}
	wg.Wait()
	return &snapshot{site: site, templates: templates, stories: states}
}

// stateOf fills in what the snapshot keeps of story s but its neighbours
// (st.pos set already), parsed from its file as f.
func stateOf(scratch *[]byte, st *storyState, s *archive.Story, f *parsed, loc *time.Location, paginate int) {
	id := itoa(int64(s.ID))
	st.path = s.Path
	st.sig = hashStory(scratch, string(f.sum[:]), id, s.Slug, s.Permalink, s.Beat.Slug)
	st.shown = hashStory(scratch, string(f.listed[:]), id, s.Permalink, s.Beat.Slug, s.Beat.Name)
	st.beat = s.Beat.Slug
	if st.pos >= 0 {
		st.page = st.pos/int32(paginate) + 1
	}
	t := s.Date.In(loc)
	st.y, st.m, st.d = int16(t.Year()), int8(t.Month()), int8(t.Day())
}

// searchUnchanged reports whether next has the same stories as last, each
// with what the search index holds of it unchanged, under the same
// site-wide settings: then the index is the same (an edit of a body beyond
// its lead leaves it alone).
func searchUnchanged(last, next *snapshot) bool {
	if last == nil || last.site != next.site || len(last.stories) != len(next.stories) {
		return false
	}
	for i, st := range next.stories {
		if old := &last.stories[i]; old.path != st.path || old.shown != st.shown {
			return false
		}
	}
	return true
}

// plan returns the Skip function of an incremental render from the last
// build's snapshot to the next; nil renders everything.
func plan(last, next *snapshot) func(render.Target) bool {
	if last == nil || last.site != next.site {
		return nil
	}
	all, tmplPages := templateKinds(last.templates, next.templates)
	if all {
		return nil
	}
	// What changed at all: story pages, feeds, sitemaps and ninjs files.
	redo := map[string]bool{} // the stories whose pages change
	beats := map[string]bool{}
	dates := map[[3]int]bool{}
	mark := func(st storyState) {
		beats[st.beat] = true
		dates[[3]int{int(st.y), 0, 0}] = true
		dates[[3]int{int(st.y), int(st.m), 0}] = true
		dates[[3]int{int(st.y), int(st.m), int(st.d)}] = true
	}
	// What list pages show: a beat's pages (all of them when a story came,
	// went or moved, else those that list a changed story) and the dates'.
	whole := map[string]bool{}
	pages := map[string]map[int]bool{}
	listDates := map[[3]int]bool{}
	markList := func(st storyState) {
		listDates[[3]int{int(st.y), 0, 0}] = true
		listDates[[3]int{int(st.y), int(st.m), 0}] = true
		listDates[[3]int{int(st.y), int(st.m), int(st.d)}] = true
		if st.pos >= 0 {
			if pages[st.beat] == nil {
				pages[st.beat] = map[int]bool{}
			}
			pages[st.beat][int(st.page)] = true
		}
	}
	// The two snapshots side by side, both in path order.
	gone := func(old *storyState) {
		mark(*old)
		markList(*old)
		whole[old.beat] = true
	}
	i := 0 // in last
	for j := range next.stories {
		st := &next.stories[j]
		for i < len(last.stories) && last.stories[i].path < st.path {
			gone(&last.stories[i])
			i++
		}
		var old *storyState
		if i < len(last.stories) && last.stories[i].path == st.path {
			old = &last.stories[i]
			i++
		}
		ok := old != nil
		// A story's page links to its neighbours: it shows their StoryLinks
		// (those that changed are marked below).
		if !ok || old.sig != st.sig || next.neighbour(st.older) != last.neighbour(old.older) ||
			next.neighbour(st.newer) != last.neighbour(old.newer) {
			redo[st.path] = true
		}
		if !ok || old.sig != st.sig {
			mark(*st)
			if ok {
				mark(*old)
			}
		}
		// (The StoryLink holds the date and the beat: a story that moved in
		// its beat's list because another came or went is not listed here.)
		if !ok || old.shown != st.shown {
			redo[next.neighbour(st.older)], redo[next.neighbour(st.newer)] = true, true // ("" for none: no story's path)
			markList(*st)
			if ok {
				markList(*old)
			}
		}
		if !ok || old.pos != st.pos || old.beat != st.beat {
			whole[st.beat] = true
			if ok {
				whole[old.beat] = true
			}
		}
	}
	for ; i < len(last.stories); i++ {
		gone(&last.stories[i])
	}
	return func(t render.Target) bool {
		switch {
		case t.Story != nil && (tmplPages["article.html"] || tmplPages["embed.html"]), t.Beat != nil && tmplPages["beat.html"],
			t.Story == nil && t.Beat == nil && tmplPages["archive.html"]:
			return false
		case t.Story != nil:
			return !redo[t.Story.Path]
		case t.Beat != nil && t.Page > 0:
			return !whole[t.Beat.Slug] && !pages[t.Beat.Slug][t.Page]
		case t.Beat != nil:
			return !beats[t.Beat.Slug]
		}
		ds := dates
		if t.List {
			ds = listDates
		}
		if t.Day == 0 && t.Month != 0 && t.List {
			// A month page charts its whole year (a month's files, its
			// ninjs and its sitemap, hold only its stories).
			return !ds[[3]int{t.Year, t.Month, 0}] && !ds[[3]int{t.Year, 0, 0}]
		}
		return !ds[[3]int{t.Year, t.Month, t.Day}]
	}
}

// parsed is the last parse of one story file.
type parsed struct {
	a     *article.Article // nil when the file has errors
	diags []article.Diagnostic
	sum   [32]byte
	// listed covers what list pages and the search index show of the
	// story that its file gives (see listedDigest).
	listed digest
	// size and mtime of the file when it was read, when the Builder checks
	// files by their metadata (a build from the persistent cache).
	size, mtime int64
}

// contentFile is a story file found under content/.
type contentFile struct {
	path        string
	size, mtime int64 // only when asked for
}

// contentFiles lists the story files under content/, sorted by path, with
// their size and modification time when stat is set. Folders are read by a
// few workers at once: at a million stories, a walk one folder at a time is
// seconds of waiting on the file system, and every build walks. (Workers
// take folders from a list, so that a folder of a hundred thousand
// folders, one per story, costs a list of names, not a goroutine each.)
//
// changed, when not nil, is told of each story file's and folder's
// modification time as the walk meets it (stat only).
func contentFiles(site fs.FS, stat bool, changed *changeHook) ([]contentFile, error) {
	var (
		mu    sync.Mutex
		ready = sync.NewCond(&mu)
		todo  = []string{"content"} // folders not read yet
		busy  int                   // folders being read
		found [][]contentFile       // each folder's files, sorted by name
		errs  = map[string]error{}  // by folder: the first in path order is reported
		wg    sync.WaitGroup
	)
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			for {
				for len(todo) == 0 && busy > 0 {
					ready.Wait()
				}
				if len(todo) == 0 {
					return // nothing left, and nobody reading
				}
				dir := todo[len(todo)-1]
				todo = todo[:len(todo)-1]
				busy++
				mu.Unlock()
				files, subdirs, err := readContentDir(site, dir, stat, changed)
				slices.SortFunc(files, byPath)
				mu.Lock()
				busy--
				if len(files) > 0 {
					found = append(found, files)
				}
				todo = append(todo, subdirs...)
				if err != nil {
					errs[dir] = err
				}
				ready.Broadcast()
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errs[slices.Min(slices.Collect(maps.Keys(errs)))]
	}
	// The folders in the order of their first paths: when no folder's files
	// interleave with another's (stories in the leaves of the tree, as in
	// dated folders), that is the order of all paths, and a sort of the
	// whole (a twentieth of the walk at 100,000 stories) is not needed.
	slices.SortFunc(found, func(a, b []contentFile) int { return byPath(a[0], b[0]) })
	files := slices.Concat(found...)
	if !slices.IsSortedFunc(files, byPath) {
		slices.SortFunc(files, byPath)
	}
	return files, nil
}

// byPath orders story files by their paths.
func byPath(a, b contentFile) int { return strings.Compare(a.path, b.path) }

// readContentDir reads one folder of content/: its story files, and the
// folders in it that are not hidden.
func readContentDir(site fs.FS, dir string, stat bool, changed *changeHook) (found []contentFile, subdirs []string, err error) {
	if sd, ok := site.(siteDir); ok && stat {
		entries, err := sd.statDir(dir)
		if err != errNoStatDir {
			for _, d := range entries {
				p := dir + "/" + d.name
				if d.dir && !strings.HasPrefix(d.name, ".") {
					changed.saw(d.mtime)
					subdirs = append(subdirs, p)
				} else if !d.dir && article.IsStory(p) {
					changed.saw(d.mtime)
					found = append(found, contentFile{path: p, size: d.size, mtime: d.mtime})
				}
			}
			return found, subdirs, err
		}
	}
	entries, err := fs.ReadDir(site, dir)
	for _, d := range entries {
		p := dir + "/" + d.Name()
		if d.IsDir() {
			if !strings.HasPrefix(d.Name(), ".") {
				if changed != nil {
					if fi, err := d.Info(); err == nil {
						changed.saw(fi.ModTime().UnixNano())
					}
				}
				subdirs = append(subdirs, p)
			}
			continue
		}
		if !article.IsStory(p) {
			continue
		}
		f := contentFile{path: p}
		if stat {
			fi, err := d.Info()
			if err != nil {
				return nil, nil, err
			}
			f.size, f.mtime = fi.Size(), fi.ModTime().UnixNano()
			changed.saw(f.mtime)
		}
		found = append(found, f)
	}
	return found, subdirs, err
}
