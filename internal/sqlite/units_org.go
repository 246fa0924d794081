package sqlite

import (
	"context"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// orgKinds is oversight.OrganisationKinds as an SQL list: the kinds are
// fixed words of ours, never user input, so they are written into the
// statement (a bound list would change every statement's shape).
var orgKinds = func() string {
	q := make([]string, len(oversight.OrganisationKinds))
	for i, k := range oversight.OrganisationKinds {
		q[i] = "'" + strings.ReplaceAll(k, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}()

// territorial is the one SQL test that a unit (table alias a) is territory,
// not an organisation (oversight.IsOrganisation): every statement that
// sums, counts or lists units beside one another (completeness, children,
// rankings, exports) uses it, so an organisation is never counted as a
// place.
func territorial(a string) string { return a + ".kind NOT IN (" + orgKinds + ")" }

// Organisations lists the organisations that belong to a unit (its
// People's Committee, council, departments and offices), by kind then name.
func (db *DB) Organisations(ctx context.Context, id int64) ([]oversight.Unit, error) {
	us, err := db.queryUnits(ctx, `WHERE u.parent_id = ? AND NOT `+territorial("u"), id)
	sortUnits(us)
	return us, err
}
