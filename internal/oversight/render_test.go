package oversight

// The tests of this package check the messages users read, but the words
// live in internal/text, which imports this package and so cannot be
// imported here. render_hook_test.go, an external test file built into
// the same test binary, sets these to internal/text's functions.
var (
	RenderError  func(err error, lang string) string
	RenderWord   func(lang string, w Word) string
	RenderMetric func(lang string, m Metric) string
	RenderKind   func(lang, kind string) string
	RenderSheet  func(lang string, b Bucket) string
)

// sheetName is the Vietnamese name of a bucket's worksheet.
func sheetName(b Bucket) string { return RenderSheet("vi", b) }

// UnitKindName is the name of a kind of unit in lang.
func UnitKindName(kind, lang string) string { return RenderKind(lang, kind) }

// ErrorMessage is err as a user reading lang sees it.
func ErrorMessage(err error, lang string) string { return RenderError(err, lang) }

// RecActionName is the name of action a in lang.
func RecActionName(a RecAction, lang string) string { return RenderWord(lang, a.Key()) }

// columnName is the name of column c of r in lang.
func columnName(r *Report, c int, lang string) string {
	m, in := r.Column(c)
	if m != nil {
		return RenderMetric(lang, *m)
	}
	if lang == "en" {
		return in.NameEN
	}
	return in.NameVI
}
