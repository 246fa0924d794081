package web

import (
	"regexp"
	"strconv"

	"github.com/cchc/cchc/internal/oversight"
)

// Months and dates are typed the Vietnamese way, "10/2019" and
// "13/11/2019", in plain text boxes: a browser's own month and date pickers
// follow the browser's locale ("mm/dd/yyyy", "January 2019") whatever the
// page's language. The store and the links keep ISO ("2019-10").

var monthTyped = regexp.MustCompile(`^\s*(\d{1,2})\s*/\s*(\d{4})\s*$`)

// monthInput turns a month typed "10/2019" (or "1/2020") into "2019-10";
// anything else is returned as it is, for oversight.ParseMonth to accept
// ("2019-10") or refuse with its message.
func monthInput(s string) string {
	m := monthTyped.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	mm, _ := strconv.Atoi(m[1])
	yy, _ := strconv.Atoi(m[2])
	if mm < 1 || mm > 12 {
		return s
	}
	return oversight.NewMonth(yy, mm).String()
}

// monthShown is how a month box shows an ISO month: "10/2019"; what does
// not parse (a refused entry sent back) is shown as it was typed.
func monthShown(s string) string {
	m, err := oversight.ParseMonth(s)
	if err != nil {
		return s
	}
	return m.Label()
}
