package oversight_test

import (
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// init gives the internal tests the catalogue's words (see render_test.go);
// it runs before any test.
func init() {
	oversight.RenderError = text.Error
	oversight.RenderWord = text.Word
	oversight.RenderMetric = text.MetricName
	oversight.RenderKind = text.UnitKind
	oversight.RenderSheet = text.BucketSheetName
}
