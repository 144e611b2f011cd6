package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/BurntSushi/toml"

	"dateline/generator/archive"
	"dateline/generator/article"
)

// DiagnosticsError is an archive that has errors.
type DiagnosticsError struct {
	Diagnostics []article.Diagnostic
}

func (e *DiagnosticsError) Error() string {
	return fmt.Sprintf("the archive has %d problems", len(e.Diagnostics))
}

// StoryFile is a new story's file, not yet written.
type StoryFile struct {
	Path string // relative to the archive folder: content/BEAT/SLUG.md
	Data []byte
	ID   int
}

// NewStory makes a Markdown story for `dateline new`: TOML front matter with
// the title, the beat, now in the archive's time zone, and the next free id
// (one above the largest of every story, drafts included), so that the
// story's id, and so its permalink, never changes when others are added.
func NewStory(site fs.FS, beat, title string, now time.Time) (*StoryFile, error) {
	b := NewBuilder(Options{Site: site, Drafts: true})
	_, cfg, err := loadConfig(b.opt)
	if err != nil {
		return nil, &DiagnosticsError{[]article.Diagnostic{configDiag(err)}}
	}
	articles, _, diags := b.readArticles(cfg, nil)
	arch, more := archive.New(cfg, articles)
	diags = append(diags, more...)
	res := &Result{Diagnostics: diags}
	if res.Failed() {
		sortDiags(diags)
		return nil, &DiagnosticsError{diags}
	}
	id := 1
	for _, s := range arch.Stories {
		id = max(id, s.ID+1)
	}
	slug := article.Slugify(title)
	if slug == "" {
		slug = fmt.Sprint(id)
	}
	front := struct {
		Title string    `toml:"title"`
		Date  time.Time `toml:"date"`
		Beat  string    `toml:"beat"`
		ID    int       `toml:"id"`
	}{title, now.In(cfg.Location).Truncate(time.Second), beat, id}
	var buf bytes.Buffer
	buf.WriteString("+++\n")
	if err := toml.NewEncoder(&buf).Encode(front); err != nil {
		return nil, err
	}
	buf.WriteString("+++\n\n**" + cfg.Agency.Name + "** - \n")
	p := path.Join("content", article.Slugify(beat), slug+".md")
	if article.Slugify(beat) == "" {
		p = path.Join("content", slug+".md")
	}
	return &StoryFile{Path: p, Data: buf.Bytes(), ID: id}, nil
}
