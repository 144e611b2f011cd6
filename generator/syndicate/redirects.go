package syndicate

import (
	"fmt"
	"strings"

	"dateline/generator/archive"
)

// redirects writes the aliases for static hosts and servers: _redirects
// (Netlify, Cloudflare Pages: "FROM TO 301") and nginx-redirects.conf, a
// map to include in nginx's http block. The HTML redirect pages at the old
// paths are render's; these make the redirect a real 301 where the host
// reads them.
func (s *syndicator) redirects(a *archive.Archive) error {
	base := s.cfg.Base.EscapedPath()
	var netlify, nginx strings.Builder
	netlify.WriteString("# Old paths of stories, for Netlify and Cloudflare Pages. Written by dateline.\n")
	nginx.WriteString(`# Old paths of stories. Written by dateline. In nginx's http block:
#   include nginx-redirects.conf;
# and in the server block:
#   if ($dateline_redirect) { return 301 $dateline_redirect; }
map $uri $dateline_redirect {
`)
	for _, al := range a.Aliases {
		from := base + strings.TrimPrefix(al.Path, "/")
		to := base + strings.TrimPrefix(al.Story.Permalink, "/")
		fmt.Fprintf(&netlify, "%s %s 301\n", from, to)
		fmt.Fprintf(&nginx, "    %s %s;\n", nginxQuote(from), nginxQuote(to))
	}
	nginx.WriteString("}\n")
	if err := s.write("_redirects", []byte(netlify.String())); err != nil {
		return err
	}
	return s.write("nginx-redirects.conf", []byte(nginx.String()))
}

// nginxQuote quotes a path for an nginx config: paths are percent-escaped,
// so only quotes and backslashes need care.
func nginxQuote(p string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(p) + `"`
}
