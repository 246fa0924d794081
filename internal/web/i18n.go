package web

import (
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// translate returns the text of key in lang from the one catalogue
// (internal/text), with args put in.
func translate(lang, key string, args ...any) string { return text.T(lang, key, args...) }

// issueText is a validation issue's message in lang.
func issueText(lang string, is oversight.Issue) string {
	if lang == "en" {
		return is.MessageEN
	}
	return is.Message
}
