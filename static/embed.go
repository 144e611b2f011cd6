// Package static is dateline's default theme's static files (CSS, icons),
// copied to the output as they are. An archive's own static/ folder
// overrides these file by file and adds its own.
package static

import (
	"embed"
	"io/fs"
)

//go:embed css js favicon.svg
var files embed.FS

// FS is the default theme's static files.
var FS fs.FS = files
