// Package text holds the program's words in each language and writes them:
// one catalogue per language (vi_*.go, en_*.go: key -> text), T to render a
// key with its arguments, the way each language writes numbers, and Error to
// render an *oversight.Error. The domain says what happened (an error code,
// a key and its arguments); the edges (pages, API, commands, workbooks) say
// it in the reader's language through this package.
package text

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// Languages the program speaks. Vietnamese is the default: any other value
// of lang is read as Vietnamese.
const (
	VI = "vi"
	EN = "en"
)

// catalogues maps a language to its words. Each language's words are split
// by area into files under its prefix; merge joins them once, at start.
var catalogues = map[string]map[string]string{
	VI: merge(viUI, viAdmin, viEntry, viSessions, viErrors, viDomain, viExport),
	EN: merge(enUI, enAdmin, enEntry, enSessions, enErrors, enDomain, enExport),
}

func merge(parts ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			if _, dup := out[k]; dup {
				// Two files giving one key is a programming error a test
				// would otherwise hide: the second would silently win.
				panic("text: key " + k + " is written twice")
			}
			out[k] = v
		}
	}
	return out
}

// Lang returns the language lang names, VI for anything but "en".
func Lang(lang string) string {
	if lang == EN {
		return EN
	}
	return VI
}

// Has reports whether key is in the catalogue.
func Has(key string) bool {
	_, ok := catalogues[VI][key]
	return ok
}

// T returns the text of key in lang, with args put in the way fmt.Sprintf
// does. Arguments are first written in the language: a float64 the way
// Number writes it (at most three decimals), an oversight.Metric as its
// name, an oversight.Word as its text, an error as Error gives it. A key
// missing from the catalogue renders as itself, so a page that shows it
// gives the omission away.
func T(lang, key string, args ...any) string {
	lang = Lang(lang)
	s, ok := catalogues[lang][key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	shown := make([]any, len(args))
	for i, a := range args {
		shown[i] = arg(lang, a)
	}
	return fmt.Sprintf(s, shown...)
}

func arg(lang string, a any) any {
	switch v := a.(type) {
	case float64:
		// A figure beyond what people type (1e308 sent through the API)
		// reads better in scientific notation than as 309 digits.
		if math.Abs(v) >= 1e15 {
			return strconv.FormatFloat(v, 'g', 6, 64)
		}
		return Number(lang, v, 3)
	case oversight.Metric:
		return MetricName(lang, v)
	case oversight.Word:
		return T(lang, string(v))
	case oversight.Rounded:
		return Number(lang, v.V, v.Decimals)
	case oversight.Issue:
		return Issue(lang, v)
	case Localizer:
		return v.In(lang)
	case error:
		return Error(v, lang)
	}
	return a
}

// Localizer is an argument that writes itself in a language: a message a
// web form wrote as it checked, once in each language.
type Localizer interface{ In(lang string) string }

// Error returns the message of err for a user reading lang. An
// *oversight.Error in err's chain is rendered from its key and arguments;
// anything else is internal, and its text is not shown to users.
func Error(err error, lang string) string {
	var e *oversight.Error
	if errors.As(err, &e) {
		return T(lang, e.Key, e.Args...)
	}
	if lines := LineErrors(lang, err); lines != nil {
		return joinLines(lines)
	}
	return T(lang, "error.internal")
}

// Number writes v the way lang reads numbers: "6.538" and "74,5" in
// Vietnamese, "6,538" and "74.5" in English, with at most decimals digits
// after the point and no trailing zeros.
func Number(lang string, v float64, decimals int) string {
	thou, dec := ".", ","
	if lang == EN {
		thou, dec = ",", "."
	}
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thou)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	return b.String()
}

// Percent writes a percentage with at most one decimal: "74%", "74,5%".
func Percent(lang string, v float64) string { return Number(lang, v, 1) + "%" }
