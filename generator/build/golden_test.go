package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGolden compares pages of the default theme with testdata/golden.
// Run `go test ./generator/build -run Golden -update` after changing a
// template on purpose, and review the diff.
func TestGolden(t *testing.T) {
	s := buildOK(t, basicConfig+threeBeats)
	for _, p := range []string{
		"index.html",
		"bericht-575/council-approves-harbour-budget.html",
		"bericht-900/exporte-steigen-kraeftig.html",
		"politics/index.html",
		"politics/page/2/index.html",
		"beats/index.html",
		"archive/index.html",
		"archive/2013/index.html",
		"archive/2013/03/index.html",
		"archive/2013/03/03/index.html",
		"imprint/index.html",
		"404.html",
	} {
		t.Run(p, func(t *testing.T) {
			golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
			got := s.page(t, p)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s differs from %s (-want +got):\n%s", p, golden, diff)
			}
		})
	}
}
