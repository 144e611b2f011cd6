// Package e2e holds the tests that check dateline's output with real
// clients: the Nu Html Checker (vnu) for the HTML, and later a real browser
// for serve. They need tools outside Go; .ci/run installs them. Outside CI
// a test whose tool is missing skips; with CI=true it fails.
package e2e
