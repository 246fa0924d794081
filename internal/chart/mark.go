package chart

// MarkCategories shades the given categories (months whose reporting is
// incomplete, for instance) of a chart with a category x axis, behind its
// first series, with label as the legend of the shading shown in its
// tooltip. Nothing changes when categories is empty.
func MarkCategories(o Options, categories []string, label string) Options {
	if len(categories) == 0 {
		return o
	}
	list, ok := o["series"].([]any)
	if !ok || len(list) == 0 {
		return o
	}
	first, ok := list[0].(map[string]any)
	if !ok {
		return o
	}
	var areas []any
	for _, c := range categories {
		areas = append(areas, []any{map[string]any{"xAxis": c, "name": label}, map[string]any{"xAxis": c}})
	}
	first["markArea"] = map[string]any{
		"silent":    false,
		"itemStyle": map[string]any{"color": "rgba(128, 128, 128, 0.15)"},
		"label":     map[string]any{"show": false},
		"tooltip":   map[string]any{"show": true, "formatter": label},
		"data":      areas,
	}
	o["cchcMarked"] = categories
	return o
}
