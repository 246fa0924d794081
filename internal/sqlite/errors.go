package sqlite

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"github.com/cchc/cchc/internal/oversight"
)

func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

func isCheck(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintCheck
}

// wrap prefixes *err with what was being done, so a logged internal error
// says which store call failed. Domain errors (*oversight.Error), which
// carry the message a user reads, are left as they are. Use it deferred
// with a named result: defer wrap(&err, "load session %d", id).
func wrap(err *error, format string, args ...any) {
	if *err == nil {
		return
	}
	var de *oversight.Error
	if errors.As(*err, &de) {
		return
	}
	*err = fmt.Errorf(format+": %w", append(args, *err)...)
}
