package xlsx

import "github.com/cchc/cchc/internal/text"

// The words of an export in the language it is asked in: the fixed
// sheets' names and the column headings. The codes (scope, unit and figure
// codes, the CSV's header) are the same in every language, so a script
// reads any export alike.

// sheetKeys names each fixed sheet (by its Vietnamese name) in the
// catalogue.
var sheetKeys = map[string]string{
	SheetSummary: "export.sheet.summary",
	SheetInfo:    "export.sheet.info",
	SheetLong:    "export.sheet.long",
}

// SheetName returns the name in lang of the fixed sheet whose Vietnamese
// name is vi (SheetSummary, SheetInfo or SheetLong).
func SheetName(lang, vi string) string { return text.T(lang, sheetKeys[vi]) }

// headings are the column headings of the export's sheets.
type headings struct {
	period, from, to, unitCode, unit, kind, total, scope, metricCode, metric, value string
}

func heads(lang string) headings {
	t := func(k string) string { return text.T(lang, "export.head."+k) }
	return headings{period: t("period"), from: t("from"), to: t("to"), unitCode: t("unit_code"), unit: t("unit"), kind: t("kind"),
		total: t("total"), scope: t("scope"), metricCode: t("metric_code"), metric: t("metric"), value: t("value")}
}
