package text

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

func TestBothLanguagesHaveTheSameKeys(t *testing.T) {
	for key := range catalogues[VI] {
		if _, ok := catalogues[EN][key]; !ok {
			t.Errorf("%q has Vietnamese words but no English ones", key)
		}
	}
	for key := range catalogues[EN] {
		if _, ok := catalogues[VI][key]; !ok {
			t.Errorf("%q has English words but no Vietnamese ones", key)
		}
	}
	if len(catalogues[VI]) < 500 {
		t.Errorf("the catalogue holds %d keys; the UI alone had 552", len(catalogues[VI]))
	}
}

// verbs are the fmt verbs of s in order ("%%" is no verb; neither is "% "
// with a space flag, which in prose is "20% of").
var verbRe = regexp.MustCompile(`%(\[\d+\])?[-+#0]*\d*(\.\d+)?[a-zA-Z%]`)

func verbs(s string) []string {
	var out []string
	for _, v := range verbRe.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

func TestEachKeysVerbsAgreeBetweenLanguages(t *testing.T) {
	for key, vi := range catalogues[VI] {
		en := catalogues[EN][key]
		a, b := verbs(vi), verbs(en)
		// Indexed verbs may come in another order in the other language.
		if hasIndex(a) || hasIndex(b) {
			sort.Strings(a)
			sort.Strings(b)
		}
		if strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q: Vietnamese verbs %v, English verbs %v", key, a, b)
		}
	}
}

func hasIndex(vs []string) bool {
	for _, v := range vs {
		if strings.Contains(v, "[") {
			return true
		}
	}
	return false
}

func TestVerbsAreFoundByTheCheck(t *testing.T) {
	// The check above is only as good as verbs: it must see each kind used.
	got := strings.Join(verbs("%s và %d, %q, %[2]s, 100%%, %.1f"), " ")
	if want := "%s %d %q %[2]s %.1f"; got != want {
		t.Errorf("verbs = %q, want %q", got, want)
	}
}

func TestT(t *testing.T) {
	cases := []struct {
		name, lang, key string
		args            []any
		want            string
	}{
		{"a word in Vietnamese", "vi", "nav.units", nil, "Đơn vị"},
		{"the same word in English", "en", "nav.units", nil, "Units"},
		{"an unknown language is Vietnamese", "fr", "nav.units", nil, "Đơn vị"},
		{"a missing key shows itself", "en", "no.such.key", nil, "no.such.key"},
		{"an integer argument", "en", "security.login.limited", []any{30}, "Too many failed logins. Please try again in 30 seconds."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := T(tc.lang, tc.key, tc.args...); got != tc.want {
				t.Errorf("T(%q, %q, %v) = %q, want %q", tc.lang, tc.key, tc.args, got, tc.want)
			}
		})
	}
}

func TestArgumentsAreWrittenInTheLanguage(t *testing.T) {
	m, _ := oversight.MetricByCode("dossiers_received")
	cases := []struct {
		lang string
		a    any
		want any
	}{
		{"vi", 6538.5, "6.538,5"},
		{"en", 6538.5, "6,538.5"},
		{"en", 1e300, "1e+300"},
		{"vi", m, m.NameVI},
		{"en", m, m.NameEN},
		{"en", oversight.Word("nav.units"), "Units"},
		{"vi", 7, 7},
	}
	for _, tc := range cases {
		if got := arg(tc.lang, tc.a); got != tc.want {
			t.Errorf("arg(%q, %v) = %v, want %v", tc.lang, tc.a, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	cases := []struct {
		lang string
		v    float64
		dec  int
		want string
	}{
		{"vi", 6538, 0, "6.538"},
		{"en", 6538, 0, "6,538"},
		{"vi", 74.5, 1, "74,5"},
		{"en", 74.5, 1, "74.5"},
		{"vi", 1234567.125, 3, "1.234.567,125"},
		{"vi", -1000, 0, "-1.000"},
		{"vi", 2.50, 2, "2,5"},
		{"vi", 999, 0, "999"},
	}
	for _, tc := range cases {
		if got := Number(tc.lang, tc.v, tc.dec); got != tc.want {
			t.Errorf("Number(%q, %v, %d) = %q, want %q", tc.lang, tc.v, tc.dec, got, tc.want)
		}
	}
	if got := Percent("vi", 74.56); got != "74,6%" {
		t.Errorf("Percent(vi, 74.56) = %q, want 74,6%%", got)
	}
	if got := Percent("en", 74); got != "74%" {
		t.Errorf("Percent(en, 74) = %q, want 74%%", got)
	}
}

// A page renders a few hundred words: T must stay a map lookup when a
// word has no arguments.
func BenchmarkT(b *testing.B) {
	b.Run("word", func(b *testing.B) {
		for b.Loop() {
			_ = T("en", "nav.units")
		}
	})
	b.Run("issue with a figure", func(b *testing.B) {
		m, _ := oversight.MetricByCode("dossiers_received")
		is := oversight.ValidateValue(m, 1234.5)
		for b.Loop() {
			_ = Issue("vi", *is)
		}
	})
}
