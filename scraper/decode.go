package scraper

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

var (
	// errTooLarge means a body passed the size cap; the page is never kept
	// truncated.
	errTooLarge = errors.New("too large")
	// errNotHTML means a page URL answered with another content type.
	errNotHTML = errors.New("not HTML")
)

const (
	// prescanBytes is where a <meta> charset declaration counts (WHATWG).
	prescanBytes = 1024
	// detectBytes is how much of an undeclared page the detector reads.
	detectBytes = 256 << 10
	// maxSavedPageBytes bounds a saved page DecodeHTML decompresses.
	maxSavedPageBytes = 64 << 20
)

// readCapped reads a whole body of at most maxBytes, counting the bytes
// after decompression. Past the cap it fails with errTooLarge, or, when
// truncOK, returns the first maxBytes. A body cut short keeps its
// io.ErrUnexpectedEOF so that it is retried.
func readCapped(r io.Reader, maxBytes int64, truncOK bool) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(data)) > maxBytes {
		if truncOK {
			return data[:maxBytes], nil
		}
		return nil, fmt.Errorf("read body: %w: more than %d bytes", errTooLarge, maxBytes)
	}
	return data, nil
}

// maybeHTML reports whether a Content-Type may be an HTML page; an absent
// or unreadable one is judged later from the body (isHTML).
func maybeHTML(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return contentType == "" || err != nil || mt == "text/html" || mt == "application/xhtml+xml"
}

// isHTML reports whether a body with this Content-Type is an HTML page,
// sniffing the body when the type is missing.
func isHTML(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if contentType == "" || err != nil {
		return strings.HasPrefix(http.DetectContentType(body), "text/html")
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// DecodeHTML returns an HTML page as UTF-8, ready for extract.Extract.
// contentType is the HTTP Content-Type, or "" for a saved file. A
// gzip-compressed page (a file of a corpus's raw/ directory) is
// decompressed first. See decodeHTML for how the charset is found.
func DecodeHTML(body []byte, contentType string) (io.Reader, error) {
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("decode HTML: %w", err)
		}
		if body, err = readCapped(zr, maxSavedPageBytes, false); err != nil {
			return nil, fmt.Errorf("decode HTML: %w", err)
		}
	}
	page, _, err := decodeHTML(body, contentType)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(page), nil
}

// decodeHTML converts a page to UTF-8 and names the charset it came in. The
// charset is, in order: a byte order mark, the Content-Type charset, a
// <meta> declaration in the first 1024 bytes, UTF-8 when the bytes are
// valid UTF-8, else the guess of a detector (EUC-KR, windows-1252 …). The
// page's own <meta> declaration is rewritten to utf-8, so that the decoded
// page read again on its own is not decoded twice.
func decodeHTML(body []byte, contentType string) ([]byte, string, error) {
	enc, name := detectCharset(body, contentType)
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, name, fmt.Errorf("decode HTML from %s: %w", name, err)
	}
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return declareUTF8(out), name, nil
}

// metaCharsetDecl finds the charset label of a <meta> declaration.
var metaCharsetDecl = regexp.MustCompile(`(?i)(<meta\b[^>]*?charset\s*=\s*["']?)([-_.:a-z0-9]+)`)

// declareUTF8 rewrites the charset labels of the <meta> tags in the head
// of a decoded page to utf-8.
func declareUTF8(page []byte) []byte {
	end := len(page)
	if i := bytes.Index(bytes.ToLower(page[:min(len(page), 64<<10)]), []byte("</head")); i >= 0 {
		end = i
	} else {
		end = min(end, prescanBytes*4)
	}
	head := metaCharsetDecl.ReplaceAll(page[:end], []byte("${1}utf-8"))
	if bytes.Equal(head, page[:end]) {
		return page
	}
	return append(head, page[end:]...)
}

// detectCharset names the encoding of an HTML body.
func detectCharset(body []byte, contentType string) (encoding.Encoding, string) {
	head := body[:min(len(body), prescanBytes)]
	if e, name, certain := charset.DetermineEncoding(head, contentType); certain {
		return e, name
	}
	if e, name := metaCharset(head); e != nil {
		return e, name
	}
	if utf8.Valid(body) {
		return unicode.UTF8, "utf-8"
	}
	if e, name := guessCharset(body); e != nil {
		return e, name
	}
	return charmap.Windows1252, "windows-1252"
}

// metaCharset finds a <meta charset> or <meta http-equiv="Content-Type">
// declaration in the head of a page. As WHATWG says, a declared UTF-16 means
// UTF-8 (the bytes were ASCII-compatible enough to read the tag).
func metaCharset(head []byte) (encoding.Encoding, string) {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return nil, ""
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data != "meta" {
			continue
		}
		if label := metaLabel(tok.Attr); label != "" {
			e, name := charset.Lookup(label)
			if strings.HasPrefix(name, "utf-16") {
				return unicode.UTF8, "utf-8"
			}
			if e != nil {
				return e, name
			}
		}
	}
}

// metaLabel is the charset a <meta> tag declares, if any.
func metaLabel(attrs []html.Attribute) string {
	var equiv, content string
	for _, a := range attrs {
		switch strings.ToLower(a.Key) {
		case "charset":
			return strings.TrimSpace(a.Val)
		case "http-equiv":
			equiv = strings.ToLower(strings.TrimSpace(a.Val))
		case "content":
			content = a.Val
		}
	}
	if equiv != "content-type" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(content); err == nil {
		return params["charset"]
	}
	return ""
}

// guessCharset asks a statistical detector for the charset of a page that
// declares none and is not UTF-8.
func guessCharset(body []byte) (encoding.Encoding, string) {
	res, err := chardet.NewHtmlDetector().DetectBest(body[:min(len(body), detectBytes)])
	if err != nil || res == nil {
		return nil, ""
	}
	e, name := charset.Lookup(res.Charset)
	if e == nil || name == "utf-8" {
		return nil, ""
	}
	return e, name
}
