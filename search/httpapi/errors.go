package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Error codes of the HTTP layer, beside the shared ones of package ogp
// (invalid_argument, not_found, unavailable, internal).
const (
	codeMethodNotAllowed = "method_not_allowed"
	codeTooLarge         = "too_large"
	codeStaleCursor      = "stale_cursor" // a cursor (after) of an index version no longer served
)

// errorBody is the JSON shape of every error answer:
// {"error":{"code":"invalid_argument","message":"…"}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// statusFor maps an error code to its HTTP status; unknown codes are 500.
func statusFor(code string) int {
	switch code {
	case ogp.EInvalid:
		return http.StatusBadRequest
	case ogp.ENotFound:
		return http.StatusNotFound
	case codeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeStaleCursor:
		return http.StatusConflict
	case ogp.EUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// writeError answers err with the status that fits its code. Errors that are
// not *ogp.Error reach the client as "internal error" and are logged
// with their detail; a search cut by its deadline is 503.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := ogp.ErrorCode(err), ogp.ErrorMessage(err)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		code, msg = ogp.EUnavailable, "the request took too long; try a narrower search"
		s.logger(r).Warn("request deadline exceeded", "err", err)
	case errors.Is(err, context.Canceled):
		code, msg = ogp.EUnavailable, "the request was canceled"
		s.logger(r).Info("request canceled", "err", err)
	case code == ogp.EInternal:
		msg = "internal error"
		s.logger(r).Error("request failed", "err", err)
	}
	s.writeErrorStatus(w, r, statusFor(code), code, msg)
}

// writeErrorStatus answers an error with an explicit status, for the
// statuses a code alone does not decide (414 and 431 beside 413). A 503 always
// says when to retry.
func (s *Server) writeErrorStatus(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterUnavailable))
	}
	s.writeJSON(w, r, status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

// writeAnswer sends v as a successful, cacheable API answer.
func (s *Server) writeAnswer(w http.ResponseWriter, r *http.Request, v any) {
	w.Header().Set("Cache-Control", s.cacheControl())
	s.writeJSON(w, r, http.StatusOK, v)
}

// encodeJSON encodes v as every answer is: HTML left unescaped, a newline
// at the end.
func encodeJSON(v any) (*bytes.Buffer, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return &buf, err
}

// writeJSON encodes v (HTML left unescaped: snippets carry <mark>) and sends
// it with status. Encoding happens before the header goes out, so a value
// that cannot be encoded still gets a clean 500.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	buf, err := encodeJSON(v)
	if err != nil {
		s.logger(r).Error("encode answer", "err", err)
		buf.Reset()
		w.Header().Set("Cache-Control", "no-store")
		status = http.StatusInternalServerError
		_ = json.NewEncoder(buf).Encode(errorBody{Error: errorDetail{Code: ogp.EInternal, Message: "internal error"}})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
