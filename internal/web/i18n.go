package web

import "github.com/cchc/cchc/internal/text"

// translate returns the text of key in lang from the one catalogue
// (internal/text), with args put in.
func translate(lang, key string, args ...any) string { return text.T(lang, key, args...) }
