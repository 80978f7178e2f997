package fixturesite

import (
	"fmt"
	"html"
	"strings"
)

// esc escapes text for HTML content and attribute values.
var esc = html.EscapeString

// link is a language and a URL: an hreflang alternate or a switcher entry.
type link struct{ lang, href string }

// frame is what the page chrome (head, header, footer) of any page needs.
type frame struct {
	lang       string
	title      string // the <title> before " | Open Government Partnership"
	canonical  string // absolute URL; "" for none
	alternates []link // hreflang alternates, absolute, x-default last
	switcher   []link // the other languages of this page, as paths
	meta       string // the charset declaration line; "" for none
	bodyClass  string
	trapPath   string // the page's own path, seeds the trap nonce
	inlineTrap bool
}

// charsetUTF8 is the usual charset declaration of a page.
const charsetUTF8 = `<meta charset="UTF-8">`

// writeHead writes the doctype, <html> and the whole <head>.
func writeHead(b *strings.Builder, f frame) {
	fmt.Fprintf(b, "<!DOCTYPE html>\n<html lang=\"%s\" class=\"no-js\">\n<head>\n", htmlLang(f.lang))
	if f.meta != "" {
		b.WriteString(f.meta + "\n")
	}
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	fmt.Fprintf(b, "<title>%s | Open Government Partnership</title>\n", esc(f.title))
	if f.canonical != "" {
		fmt.Fprintf(b, "<link rel=\"canonical\" href=\"%s\">\n", esc(f.canonical))
	}
	for _, a := range f.alternates {
		fmt.Fprintf(b, "<link rel=\"alternate\" hreflang=\"%s\" href=\"%s\">\n", a.lang, esc(a.href))
	}
	b.WriteString(`<link rel="stylesheet" href="/wp-content/themes/ogp/style.css?ver=6.4.2">` + "\n")
	b.WriteString("<script>document.documentElement.className = document.documentElement.className.replace('no-js','js');</script>\n")
	fmt.Fprintf(b, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"WebPage\",\"inLanguage\":\"%s\"}</script>\n", htmlLang(f.lang))
	if !f.inlineTrap {
		b.WriteString("<style>.hidden-trap{display:none}</style>\n")
	}
	b.WriteString("</head>\n")
}

// writeHeader opens the body: skip link, logo, menus, language switcher and
// the contact links a crawler must not follow (mailto:, tel:, javascript:).
func writeHeader(b *strings.Builder, f frame) {
	p := prefix(f.lang)
	fmt.Fprintf(b, "<body class=\"%s\">\n", esc(f.bodyClass))
	fmt.Fprintf(b, "<a class=\"skip-link screen-reader-text\" href=\"#content\">%s</a>\n", esc(text(f.lang, "skip")))
	b.WriteString("<header class=\"site-header\" role=\"banner\">\n")
	fmt.Fprintf(b, " <a class=\"site-logo\" href=\"%s/\"><img src=\"/wp-content/themes/ogp/img/logo.svg\" alt=\"Open Government Partnership\"></a>\n", p)
	fmt.Fprintf(b, " <nav class=\"main-navigation\" aria-label=\"%s\">\n  <ul>\n", esc(text(f.lang, "menu")))
	for _, m := range []struct{ path, key string }{
		{"/about/", "about"}, {"/our-members/", "members"}, {"/policy-areas/", "areas"}, {"/irm/", "irm"}, {"/?s=", "search"},
	} {
		fmt.Fprintf(b, "   <li><a href=\"%s%s\">%s</a></li>\n", p, m.path, esc(text(f.lang, m.key)))
	}
	fmt.Fprintf(b, "   <li><a class=\"share-toggle\" href=\"javascript:void(0)\">%s</a></li>\n", esc(text(f.lang, "share")))
	b.WriteString("  </ul>\n </nav>\n")
	b.WriteString(" <div class=\"gtranslate_wrapper\">")
	for i, s := range f.switcher {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(b, "<a href=\"%s\" hreflang=\"%s\">%s</a>", esc(s.href), s.lang, esc(languageName(s.lang)))
	}
	b.WriteString("</div>\n")
	fmt.Fprintf(b, " <a class=\"contact-link\" href=\"mailto:info@opengovpartnership.org\">%s</a>\n", esc(text(f.lang, "contact")))
	fmt.Fprintf(b, " <a class=\"phone-link\" href=\"tel:+12025550123\">%s</a>\n", esc(text(f.lang, "phone")))
	b.WriteString("</header>\n")
}

// writeFooter closes the page: footer links, a fragment link and the
// hidden trap under the page's language prefix.
func writeFooter(b *strings.Builder, f frame) {
	p := prefix(f.lang)
	b.WriteString("<footer class=\"site-footer\" id=\"colophon\">\n")
	fmt.Fprintf(b, " <p class=\"tagline\">%s</p>\n", esc(text(f.lang, "tagline")))
	b.WriteString(" <p>&copy; Open Government Partnership</p>\n")
	fmt.Fprintf(b, " <a href=\"#top\">%s</a>\n", esc(text(f.lang, "top")))
	fmt.Fprintf(b, " <a href=\"%s/about/#team\">%s</a>\n", p, esc(text(f.lang, "about")))
	fmt.Fprintf(b, " <a href=\"%s/privacy-policy/\">%s</a>\n", p, esc(text(f.lang, "privacy")))
	fmt.Fprintf(b, " <a href=\"/private/\">%s</a>\n", esc(text(f.lang, "staff")))
	trap := esc(text(f.lang, "trap"))
	href := fmt.Sprintf("%s/?blackhole=%010x", p, uint64(hash("nonce", f.trapPath))<<8|uint64(hash("nonce2", f.trapPath)&0xff))
	if f.inlineTrap {
		fmt.Fprintf(b, " <a rel=\"nofollow\" href=\"%s\" style=\"display:none\" title=\"%s\">%s</a>\n", href, trap, trap)
	} else {
		fmt.Fprintf(b, " <a rel=\"nofollow\" class=\"hidden-trap\" href=\"%s\" title=\"%s\">%s</a>\n", href, trap, trap)
	}
	b.WriteString("</footer>\n<script src=\"/wp-content/plugins/gtranslate/js/gt.js?ver=3.0\"></script>\n</body>\n</html>\n")
}
