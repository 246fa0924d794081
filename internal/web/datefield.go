package web

import "time"

// formDate shows a date in a form's text box as Vietnamese readers type
// it, dd/mm/yyyy, whatever the browser's locale: the session, programme,
// recommendation and follow-up forms use text boxes, not type=date (which
// shows the browser's own format). oversight.ParseDate reads it back, and
// ISO dates too.
func formDate(t time.Time) string { return t.Format("02/01/2006") }
