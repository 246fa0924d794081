package sqlite

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
)

// TreeUnit is one unit of the tree listing with the number of units
// directly under it, so that the listing can offer to open it without
// reading them.
type TreeUnit struct {
	oversight.Unit
	Children int
}

// TreeLevel lists the units directly under parent (the roots when parent
// is 0), by kind then name, each with its number of children. It reads
// one level only: the listing opens the tree a level at a time.
func (db *DB) TreeLevel(ctx context.Context, parent int64) ([]TreeUnit, error) {
	where, args := `WHERE u.parent_id = ?`, []any{parent}
	if parent == 0 {
		where, args = `WHERE u.parent_id IS NULL`, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+unitCols+`, (SELECT COUNT(*) FROM units c WHERE c.parent_id = u.id)
FROM units u LEFT JOIN units p ON p.id = u.parent_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var units []oversight.Unit
	count := map[int64]int{}
	for rows.Next() {
		var n int
		u, err := scanUnit(withExtra{rows, []any{&n}})
		if err != nil {
			return nil, err
		}
		units = append(units, u)
		count[u.ID] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortUnits(units)
	out := make([]TreeUnit, len(units))
	for i, u := range units {
		out[i] = TreeUnit{Unit: u, Children: count[u.ID]}
	}
	return out, nil
}
