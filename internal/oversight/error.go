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

// Error is an error a user can act on. Message is written for the person who
// caused it (in Vietnamese, the default language of the UI), MessageEN is its
// English version when one exists.
type Error struct {
	Code      string
	Message   string
	MessageEN string
	// Field names the input at fault, when there is one.
	Field string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Bilingual returns an *Error with both a Vietnamese and an English message.
func Bilingual(code, vi, en string) *Error {
	return &Error{Code: code, Message: vi, MessageEN: en}
}

// ErrorCode returns the code of an *Error in err's chain, or EInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of err in lang ("vi" or "en").
// Errors that are not *Error are internal: their text is not shown to users.
func ErrorMessage(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) {
		if lang == "en" && e.MessageEN != "" {
			return e.MessageEN
		}
		return e.Message
	}
	if lang == "en" {
		return "Internal error. The problem has been logged; please try again later."
	}
	return "Lỗi hệ thống. Sự cố đã được ghi lại; vui lòng thử lại sau."
}

// Word is a catalogue key given as an argument of a message: the edge
// writes it in the reader's language (a status, a role, a kind of unit).
type Word string
