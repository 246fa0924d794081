// Package static holds the browser assets served under /static/: the
// stylesheet, the script that draws charts, and a vendored copy of Apache
// ECharts so pages never load anything from another site.
package static

import "embed"

// FS holds css/app.css, js/app.js and vendor/ (ECharts 5.6.0, its
// Vietnamese locale, and their licence files) and img/ (the favicon), with paths relative to this
// directory, e.g. "js/app.js".
//
//go:embed css js vendor img
var FS embed.FS
