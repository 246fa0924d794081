package sqlite

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
)

// LineageLinks returns the succession links that decide a unit's
// comparable history (oversight.ComparableOf): walking back from the unit
// through its predecessors and theirs, every link into a unit met and every
// link out of each predecessor (a link to another unit is what makes a
// predecessor split).
func (db *DB) LineageLinks(ctx context.Context, unitID int64) (_ []oversight.Succession, err error) {
	defer wrap(&err, "load the succession links behind unit %d", unitID)
	// UNION, not UNION ALL: a cycle typed by hand ends the walk instead of
	// running it for ever.
	return queryAll(ctx, db.read, scanSuccession, `
WITH RECURSIVE back(id) AS (
  SELECT ?
  UNION
  SELECT s.from_id FROM unit_successions s JOIN back ON s.to_id = back.id
)
SELECT `+successionCols+`
WHERE s.to_id IN (SELECT id FROM back) OR s.from_id IN (SELECT id FROM back WHERE id <> ?)`, unitID, unitID)
}

// LineageLinksOf is the succession links behind each of ids, in one read:
// walking back from them through their predecessors and theirs, every link
// into a unit met and every link out of one (the dashboard's then and now
// of a unit and its children, instead of every link of the country: the
// official tree has ten thousand). It holds each one's LineageLinks, and
// may hold more (the links out of ids themselves), which change nothing
// of a comparable history.
func (db *DB) LineageLinksOf(ctx context.Context, ids []int64) (_ []oversight.Succession, err error) {
	defer wrap(&err, "load the succession links behind %d units", len(ids))
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return queryAll(ctx, db.read, scanSuccession, `
WITH RECURSIVE back(id) AS (
  SELECT id FROM units WHERE id IN (`+placeholders(len(ids))+`)
  UNION
  SELECT s.from_id FROM unit_successions s JOIN back ON s.to_id = back.id
)
SELECT `+successionCols+`
WHERE s.to_id IN (SELECT id FROM back) OR s.from_id IN (SELECT id FROM back)`, args...)
}

// Subtrees are some units with all their descendants, and their figures:
// what the engine (oversight.AggregateIn) needs to sum the history of the
// units that went whole into a new one.
type Subtrees struct {
	Units  []oversight.Unit // the roots and every descendant, with their validity
	RootOf map[int64]int64  // unit -> the root it lies under (a root: itself)
	Points []oversight.Point
}

// SubtreesFigures reads the units under each of roots (themselves
// included) and their own figures (every one, or approved ones only) over
// span s for metrics (all when none): one read of the units, one of the
// figures, whatever the number of roots.
func (db *DB) SubtreesFigures(ctx context.Context, roots []int64, approved bool, metrics []string, s oversight.Span) (_ Subtrees, err error) {
	defer wrap(&err, "load the figures under %d units, %s", len(roots), s)
	out := Subtrees{RootOf: map[int64]int64{}}
	if len(roots) == 0 {
		return out, nil
	}
	args := make([]any, len(roots))
	for i, id := range roots {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, `
WITH RECURSIVE sub(id, root) AS (
  SELECT id, id FROM units WHERE id IN (`+placeholders(len(roots))+`)
  UNION ALL
  SELECT c.id, sub.root FROM units c JOIN sub ON c.parent_id = sub.id
)
SELECT id, root FROM sub`, args...)
	if err != nil {
		return out, err
	}
	var ids []any
	for rows.Next() {
		var id, root int64
		if err := rows.Scan(&id, &root); err != nil {
			rows.Close()
			return out, err
		}
		out.RootOf[id] = root
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	if out.Units, err = db.queryUnits(ctx, `WHERE u.id IN (`+placeholders(len(ids))+`)`, ids...); err != nil {
		return out, err
	}
	unitIDs := make([]int64, len(ids))
	for i, id := range ids {
		unitIDs[i] = id.(int64)
	}
	out.Points, err = db.PointsOfUnits(ctx, unitIDs, approved, metrics, s)
	return out, err
}

// UnitsByIDs returns the units of ids (those that exist), in Vietnamese
// order of their names.
func (db *DB) UnitsByIDs(ctx context.Context, ids []int64) ([]oversight.Unit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	us, err := db.queryUnits(ctx, `WHERE u.id IN (`+placeholders(len(ids))+`)`, args...)
	sortUnits(us)
	return us, err
}
