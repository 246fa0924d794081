package web

import (
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// formDate shows a date in a form's text box as Vietnamese readers type
// it, dd/mm/yyyy, whatever the browser's locale: the session, programme,
// recommendation and follow-up forms use text boxes, not type=date (which
// shows the browser's own format). oversight.ParseDate reads it back, and
// ISO dates too.
func formDate(t time.Time) string { return t.Format("02/01/2006") }

// formDates returns the reader of a form's optional date fields: an empty
// box is no date, a date that does not parse is noted under its field in
// errs (in language l) and read as no date, so the form is shown again with
// the fault marked and what was typed kept.
func formDates(errs map[string]string, l string) func(field, v string) *time.Time {
	return func(field, v string) *time.Time {
		if v == "" {
			return nil
		}
		t, err := oversight.ParseDate(v)
		if err != nil {
			errs[field] = text.Error(err, l)
			return nil
		}
		return &t
	}
}
