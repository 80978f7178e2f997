package ogp

import "testing"

func TestParseID(t *testing.T) {
	for in, want := range map[string]string{
		"KR0018": "KR0018", "kr0018": "KR0018", " SEO0001 ": "SEO0001", "abcd1234": "ABCD1234",
		"ZZ": "", "../../etc": "", "K0018": "", "ABCDE0001": "", "KR00181": "", "KR018": "",
		"KR-0018": "", "KR0018\x00": "", "ＫＲ0018": "", "": "",
	} {
		got, ok := ParseID(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestValidate(t *testing.T) {
	good := Commitment{ID: "KR0018", Lang: "fr", Year: 2014, URL: "https://www.opengovpartnership.org/fr/members/south-korea/commitments/KR0018/",
		Translations: map[string]string{"en": "http://example.org/x"}}
	if err := good.Validate(); err != nil {
		t.Errorf("a good record: %v", err)
	}
	if err := (Commitment{ID: "KR0018", Lang: "en"}).Validate(); err != nil {
		t.Errorf("a record without year or URL: %v", err)
	}
	for name, mutate := range map[string]func(*Commitment){
		"id":          func(c *Commitment) { c.ID = "../../etc" },
		"lang":        func(c *Commitment) { c.Lang = "french" },
		"year":        func(c *Commitment) { c.Year = 1066 },
		"javascript":  func(c *Commitment) { c.URL = "javascript:alert(1)" },
		"relative":    func(c *Commitment) { c.URL = "/members/x" },
		"no host":     func(c *Commitment) { c.URL = "https:///x" },
		"translation": func(c *Commitment) { c.Translations = map[string]string{"ko": "data:text/html,x"} },
	} {
		c := good
		mutate(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: a bad record passes", name)
		}
	}
}
