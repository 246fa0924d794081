// Package templates holds the HTML templates, embedded in the binary: a
// layout, partials shared by pages, and one file per page.
package templates

import "embed"

// FS holds layout.html, partials/*.html and pages/*.html.
//
//go:embed layout.html partials/*.html pages/*.html
var FS embed.FS
