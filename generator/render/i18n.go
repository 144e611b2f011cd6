package render

import (
	"fmt"
	"time"
)

// translations holds the theme's UI strings per language. Keys are the
// English strings' identifiers; T in templates looks them up.
var translations = map[string]map[string]string{
	"en": {
		"latest": "Latest stories", "beats": "Beats", "allBeats": "All beats", "archive": "Archive",
		"imprint": "Imprint", "home": "Home", "notFound": "Page not found",
		"notFoundText": "There is no page at this address. The story may have moved; try the archive or the beats.",
		"older":        "Previous story", "newer": "Next story", "olderPage": "Older", "newerPage": "Newer",
		"stories": "stories", "story": "story", "page": "Page", "of": "of", "by": "By",
		"in": "in", "updated": "Updated", "skip": "Skip to content", "pagination": "Pagination",
		"years": "Years", "months": "Months", "days": "Days", "legal": "Legal notice",
		"mainNav": "Main", "breadcrumb": "Breadcrumb", "storiesIn": "Stories in",
		"embed": "Embed this story", "embedHelp": "Copy this HTML into your page:", "readStory": "Read the story",
		"feeds": "Feeds", "draft": "Draft", "correction": "Correction",
		"withdrawn": "Withdrawn", "withdrawnNote": "This story has been withdrawn by the agency. It is no longer available; please do not use or publish it.",
		"withdrawnReason": "Reason", "moved": "This story has moved to",
	},
	"de": {
		"latest": "Neueste Meldungen", "beats": "Ressorts", "allBeats": "Alle Ressorts", "archive": "Archiv",
		"imprint": "Impressum", "home": "Startseite", "notFound": "Seite nicht gefunden",
		"notFoundText": "Unter dieser Adresse gibt es keine Seite. Vielleicht ist die Meldung umgezogen; versuchen Sie das Archiv oder die Ressorts.",
		"older":        "Vorherige Meldung", "newer": "Nächste Meldung", "olderPage": "Ältere", "newerPage": "Neuere",
		"stories": "Meldungen", "story": "Meldung", "page": "Seite", "of": "von", "by": "Von",
		"in": "in", "updated": "Aktualisiert", "skip": "Zum Inhalt springen", "pagination": "Seitennavigation",
		"years": "Jahre", "months": "Monate", "days": "Tage", "legal": "Rechtliche Hinweise",
		"mainNav": "Hauptnavigation", "breadcrumb": "Brotkrumennavigation", "storiesIn": "Meldungen in",
		"embed": "Diese Meldung einbetten", "embedHelp": "Kopieren Sie dieses HTML in Ihre Seite:", "readStory": "Zur Meldung",
		"feeds": "Feeds", "draft": "Entwurf", "correction": "Korrektur",
		"withdrawn": "Zurückgezogen", "withdrawnNote": "Diese Meldung wurde von der Agentur zurückgezogen. Sie ist nicht mehr verfügbar; bitte nicht verwenden oder veröffentlichen.",
		"withdrawnReason": "Grund", "moved": "Diese Meldung ist umgezogen nach",
	},
}

var germanMonths = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember"}

// dates formats dates in one language.
type dates string

func (l dates) month(m time.Month) string {
	if l == "de" {
		return germanMonths[m-1]
	}
	return m.String()
}

// DateTime: "3 March 2013, 07:25" or "03.03.2013, 07:25 Uhr".
func (l dates) DateTime(t time.Time) string {
	if l == "de" {
		return t.Format("02.01.2006, 15:04") + " Uhr"
	}
	return fmt.Sprintf("%d %s %d, %s", t.Day(), t.Month(), t.Year(), t.Format("15:04"))
}

// Day: "3 March 2013" or "3. März 2013".
func (l dates) Day(t time.Time) string {
	if l == "de" {
		return fmt.Sprintf("%d. %s %d", t.Day(), l.month(t.Month()), t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
}

// Month: "March 2013" or "März 2013".
func (l dates) Month(t time.Time) string {
	return fmt.Sprintf("%s %d", l.month(t.Month()), t.Year())
}
