package ogp

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer; the HTTP API maps each to a status.
const (
	EInvalid     = "invalid_argument"
	ENotFound    = "not_found"
	EUnavailable = "unavailable"
	EInternal    = "internal"
)

// Error is an error meant for users: a code and a message safe to show.
// Anything that is not an *Error is reported to clients as "internal error".
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, or EInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
