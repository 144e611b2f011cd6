package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dateline/generator/output"
)

// manifest is the changes manifest: the URLs a build added, changed and
// removed, for deploy sync, CDN purges and search-engine pings.
type manifest struct {
	Built   string   `json:"built"`
	Added   []string `json:"added"`
	Changed []string `json:"changed"`
	Removed []string `json:"removed"`
}

// writeManifest writes the changes of st as absolute URLs under base, in
// json.MarshalIndent's layout. The JSON is written as it is made: a first
// build of 100,000 stories lists 320,000 URLs, which as strings and then
// as JSON in memory were 50 MB at the end of the build.
func writeManifest(path, base string, st output.Stats) error {
	built := time.Now().UTC().Format(time.RFC3339)
	// A manifest that says the same already (a build that changed nothing
	// after another) stays as it is: such a build writes no file.
	if sameManifest(path, built, base, st) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	return errors.Join(encodeManifest(bufio.NewWriterSize(f, 64<<10), built, base, st), f.Close())
}

// sameManifest reports whether the manifest at path lists the changes of
// st. Its size tells first (the time is always as long), so that a manifest
// of three million new pages is not read to learn that it differs; with no
// manifest there, nothing is measured.
func sameManifest(path, built, base string, st output.Stats) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	var size countingWriter
	if encodeManifest(bufio.NewWriter(&size), built, base, st) != nil || fi.Size() != size.n {
		return false
	}
	prev, err := os.ReadFile(path)
	var old manifest
	return err == nil && json.Unmarshal(prev, &old) == nil &&
		slices.Equal(old.Added, manifestURLs(base, st.Added)) && slices.Equal(old.Changed, manifestURLs(base, st.Changed)) &&
		slices.Equal(old.Removed, manifestURLs(base, st.Deleted))
}

// encodeManifest writes the manifest to w and flushes it.
func encodeManifest(w *bufio.Writer, built, base string, st output.Stats) error {
	w.WriteString("{\n  \"built\": ")
	writeJSONString(w, "", built)
	for _, list := range []struct {
		key   string
		files []string
	}{{"added", st.Added}, {"changed", st.Changed}, {"removed", st.Deleted}} {
		w.WriteString(",\n  \"" + list.key + "\": [")
		for i, f := range list.files {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString("\n    ")
			writeJSONString(w, base, pageURL(f))
		}
		if len(list.files) > 0 {
			w.WriteString("\n  ")
		}
		w.WriteByte(']')
	}
	w.WriteString("\n}\n")
	return w.Flush()
}

// writeJSONString writes a+b as a JSON string, as encoding/json writes it.
func writeJSONString(w *bufio.Writer, a, b string) {
	if plainJSON(a) && plainJSON(b) {
		w.WriteByte('"')
		w.WriteString(a)
		w.WriteString(b)
		w.WriteByte('"')
		return
	}
	data, _ := json.Marshal(a + b) // a string always marshals
	w.Write(data)
}

// plainJSON reports whether encoding/json writes s between quotes as it is.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// pageURL is the URL path of an output file: a folder's index.html is the
// folder.
func pageURL(file string) string {
	if file == "index.html" || strings.HasSuffix(file, "/index.html") {
		return strings.TrimSuffix(file, "index.html")
	}
	return file
}

// manifestURLs returns files as the manifest lists them.
func manifestURLs(base string, files []string) []string {
	out := []string{}
	for _, f := range files {
		out = append(out, base+pageURL(f))
	}
	return out
}

// countingWriter counts what is written to it.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
