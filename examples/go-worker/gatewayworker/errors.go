package gatewayworker

import "fmt"

// Error is a failure with one of the framework's GW_ERR_* codes (the same codes as in the
// TypeScript framework). Compare with errors.Is against the Err* values below: two Errors match
// when their codes are equal.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// Is reports whether target is an *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// The error codes, for errors.Is.
var (
	ErrInvalidClientID    = &Error{Code: "GW_ERR_INVALID_CLIENT_ID"}
	ErrInvalidArgument    = &Error{Code: "GW_ERR_INVALID_ARGUMENT"}
	ErrGatewayUnavailable = &Error{Code: "GW_ERR_GATEWAY_UNAVAILABLE"}
	ErrGatewayTimeout     = &Error{Code: "GW_ERR_GATEWAY_TIMEOUT"}
	ErrQueryFailed        = &Error{Code: "GW_ERR_QUERY_FAILED"}
	ErrStopped            = &Error{Code: "GW_ERR_STOPPED"}
)

func newError(code *Error, format string, args ...any) *Error {
	return &Error{Code: code.Code, Message: fmt.Sprintf(format, args...)}
}
