package httpapi

import (
	"bytes"
	"crypto/rand"
	"net"
	"strconv"
)

// The http.Server answers a request whose line and headers exceed its
// MaxHeaderBytes itself, before any handler, with a plain-text 431. The
// server is given more room than Config.MaxHeaderBytes (serverHeaderLimit),
// so that limitRequests answers most oversized requests in JSON; the
// listener below rewrites the server's own refusal of the larger ones into
// the same JSON error, so that every refusal has the shape the API
// documents.

// serverHeaderLimit is the http.Server's MaxHeaderBytes: twice the
// configured limit, and at least the URL limit beside it, so that requests
// between the limit and it reach limitRequests.
func serverHeaderLimit(cfg Config) int {
	return 2*cfg.MaxHeaderBytes + cfg.MaxURLBytes
}

// plainHeaderRefusal is what net/http writes, in one Write on the
// connection, when a request's header is too large (server.go, errTooLarge).
// A handler's answer never starts with it: the server writes the headers of
// handlers' answers in sorted order, Connection before Content-Type.
var plainHeaderRefusal = []byte("HTTP/1.1 431 Request Header Fields Too Large\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n" +
	"431 Request Header Fields Too Large")

// refusingListener hands out connections whose server-written 431 is
// rewritten as the API's JSON error.
type refusingListener struct {
	net.Listener
	s *Server
}

func (l refusingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &refusingConn{Conn: c, s: l.s}, nil
}

type refusingConn struct {
	net.Conn
	s *Server
}

// Write passes everything through but the server's plain-text 431, which
// becomes a complete JSON answer (the server closes the connection after
// it).
func (c *refusingConn) Write(p []byte) (int, error) {
	if !bytes.Equal(p, plainHeaderRefusal) {
		return c.Conn.Write(p)
	}
	id := rand.Text()
	c.s.log.Warn("request refused: request line and headers too large",
		"request_id", id, "remote", c.RemoteAddr().String(), "status", 431)
	buf, _ := encodeJSON(errorBody{Error: errorDetail{Code: codeTooLarge, Message: c.s.headersTooLarge()}})
	answer := "HTTP/1.1 431 Request Header Fields Too Large\r\n" +
		"Cache-Control: no-store\r\nConnection: close\r\n" +
		"Content-Length: " + strconv.Itoa(buf.Len()) + "\r\n" +
		"Content-Type: application/json; charset=utf-8\r\n" +
		"X-Content-Type-Options: nosniff\r\n" +
		requestIDHeader + ": " + id + "\r\n\r\n" + buf.String()
	if _, err := c.Conn.Write([]byte(answer)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// CloseWrite half-closes the connection as the server does after a
// refusal, so that the client reads the answer before the connection
// goes.
func (c *refusingConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
