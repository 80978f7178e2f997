package httpapi

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
)

// apiDoc is an OpenAPI 3.0 document read as plain JSON values, with just
// enough of a schema validator to hold the server to it: types, required
// and undocumented properties, items, additionalProperties, nullable, enum,
// pattern, bounds and $ref, recursively.
type apiDoc struct {
	root map[string]any
}

func parseAPIDoc(raw []byte) (apiDoc, error) {
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		return apiDoc{}, err
	}
	return apiDoc{root: root}, nil
}

// resolve follows a local $ref ("#/components/schemas/Hit") until it
// reaches an object that is not a reference.
func (d apiDoc) resolve(v any) (map[string]any, error) {
	for range 10 {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("not an object: %v", v)
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		if !strings.HasPrefix(ref, "#/") {
			return nil, fmt.Errorf("non-local $ref %s", ref)
		}
		var cur any = d.root
		for _, part := range strings.Split(ref[2:], "/") {
			obj, _ := cur.(map[string]any)
			if cur = obj[part]; cur == nil {
				return nil, fmt.Errorf("unresolved $ref %s", ref)
			}
		}
		v = cur
	}
	return nil, fmt.Errorf("$ref chain too long")
}

// knownKeyword reports whether the validator understands a schema keyword;
// any other in the document fails validation rather than being ignored.
func knownKeyword(k string) bool {
	switch k {
	case "type", "properties", "required", "items", "additionalProperties", "nullable", "enum",
		"pattern", "minimum", "maximum", "maxLength", "description", "example", "default":
		return true
	}
	return false
}

// validate returns every way v departs from schema; at names the place in
// the answer ("$.hits[0].status").
func (d apiDoc) validate(schema any, v any, at string) []string {
	s, err := d.resolve(schema)
	if err != nil {
		return []string{at + ": " + err.Error()}
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	for k := range s {
		if !knownKeyword(k) {
			fail("schema keyword %q not supported by the validator", k)
		}
	}
	if v == nil {
		if s["nullable"] != true {
			fail("null where %v is required", s["type"])
		}
		return errs
	}
	if enum, ok := s["enum"].([]any); ok && !containsValue(enum, v) {
		fail("%v is not one of %v", v, enum)
	}
	switch s["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			fail("%T where an object is required", v)
			return errs
		}
		errs = append(errs, d.validateObject(s, obj, at)...)
	case "array":
		arr, ok := v.([]any)
		if !ok {
			fail("%T where an array is required", v)
			return errs
		}
		for i, item := range arr {
			errs = append(errs, d.validate(s["items"], item, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			fail("%T where a string is required", v)
			return errs
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
		if n, ok := s["maxLength"].(float64); ok && float64(len(str)) > n {
			fail("longer than %v", n)
		}
	case "integer", "number":
		num, ok := v.(float64)
		if !ok || (s["type"] == "integer" && num != math.Trunc(num)) {
			fail("%s (%T) where %s is required", jsonText(v), v, s["type"])
			return errs
		}
		if lo, ok := s["minimum"].(float64); ok && num < lo {
			fail("%v below minimum %v", num, lo)
		}
		if hi, ok := s["maximum"].(float64); ok && num > hi {
			fail("%v above maximum %v", num, hi)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			fail("%T where a boolean is required", v)
		}
	case nil:
	default:
		fail("unknown type %v", s["type"])
	}
	return errs
}

// validateObject checks required properties, documented ones recursively,
// and the rest against additionalProperties (refused when absent, so the
// document cannot fall behind the answers).
func (d apiDoc) validateObject(s, obj map[string]any, at string) []string {
	var errs []string
	props, _ := s["properties"].(map[string]any)
	required, _ := s["required"].([]any)
	for _, r := range required {
		if _, ok := obj[r.(string)]; !ok {
			errs = append(errs, fmt.Sprintf("%s: required property %q missing", at, r))
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch sub, documented := props[k]; {
		case documented:
			errs = append(errs, d.validate(sub, obj[k], at+"."+k)...)
		case s["additionalProperties"] != nil:
			errs = append(errs, d.validate(s["additionalProperties"], obj[k], at+"."+k)...)
		case props != nil:
			errs = append(errs, fmt.Sprintf("%s: undocumented property %q", at, k))
		}
	}
	return errs
}

func containsValue(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
