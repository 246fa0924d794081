package oversight

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each one to an HTTP status in one table.
const (
	EInvalid   = "invalid"
	ENotFound  = "not_found"
	EConflict  = "conflict"
	EForbidden = "forbidden"
	EUnauth    = "unauthorized"
	EMethod    = "method_not_allowed"
	EInternal  = "internal"
	ETooLarge  = "too_large"         // a body, upload or workbook beyond its limit
	ETooMany   = "too_many_requests" // rate limited (failed logins)
)

// Error is an error a user can act on. It says what happened, not in
// which words: Key names the message in the catalogue (internal/text) and
// Args are its arguments; the edge that shows it (a page, the API, a
// command, a workbook) writes it in the reader's language.
type Error struct {
	Code string
	Key  string
	Args []any
	// Field names the input at fault, when there is one.
	Field string
}

// Errf returns an *Error with code, the message key and its arguments.
func Errf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Error gives the key and the arguments, for logs and tests; users read
// the message rendered by text.Error.
func (e *Error) Error() string {
	s := e.Key
	if len(e.Args) > 0 {
		s += fmt.Sprint(e.Args)
	}
	if e.Field != "" {
		s = e.Field + ": " + s
	}
	return s
}

// ErrorCode returns the code of an *Error in err's chain, or EInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// Word is a catalogue key given as an argument of a message: the edge
// writes it in the reader's language (a status, a role, a kind of unit).
type Word string

// Rounded is a figure given as an argument of a message with its own
// number of decimals (a float64 argument shows up to three): the edge
// writes it the reader's way.
type Rounded struct {
	V        float64
	Decimals int
}

// AtField returns err as a refusal of the input field: an invalid value
// with err's message beside that field. An error that is not an *Error is
// internal and keeps its text out of the message.
func AtField(err error, field string) *Error {
	var e *Error
	if errors.As(err, &e) {
		return &Error{Code: EInvalid, Key: e.Key, Args: e.Args, Field: field}
	}
	return &Error{Code: EInvalid, Key: "error.internal", Field: field}
}

// IssueOf returns err as a validation issue of metric: the message of an
// *Error, or the internal-error message for anything else.
func IssueOf(metric, severity string, err error) Issue {
	var e *Error
	if errors.As(err, &e) {
		return Issue{Metric: metric, Severity: severity, Key: e.Key, Args: e.Args}
	}
	return Issue{Metric: metric, Severity: severity, Key: "error.internal"}
}
