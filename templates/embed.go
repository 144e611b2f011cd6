// Package templates is dateline's default theme: Go html/template files in
// Hugo's layout. baseof.html defines the page and a "main" block; each page
// template (home.html, article.html, beat.html, beats.html, archive.html,
// imprint.html, 404.html) fills "main"; partials/ holds the pieces they
// share, called with {{ partial "footer.html" . }}. An archive's own
// templates/ folder overrides these file by file.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.html partials/*.html i18n/*.toml
var files embed.FS

// FS is the default theme's templates.
var FS fs.FS = files
