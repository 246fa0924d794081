// Package entryfile ties the Excel entry template to the store: which units
// a template of a unit for a month holds, with their stored figures, and
// which units an uploaded one may name. The web pages and the cchc
// commands share it, so a template means the same thing everywhere.
package entryfile

import (
	"context"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
)

// Spec builds the entry template of unit u for month m: its
// children that existed that month as rows (or the unit itself when it
// has none), with the figures already stored.
func Spec(ctx context.Context, db *sqlite.DB, u oversight.Unit, m oversight.Month) (xlsx.TemplateSpec, error) {
	kids, err := ChildrenIn(ctx, db, u, m)
	if err != nil {
		return xlsx.TemplateSpec{}, err
	}
	if len(kids) == 0 {
		kids = []oversight.Unit{u}
	}
	spec := xlsx.TemplateSpec{UnitCode: u.Code, UnitName: u.Name, Month: m, Metrics: oversight.Catalogue}
	for _, k := range kids {
		mc, err := db.EntryContext(ctx, k.ID, m)
		if err != nil {
			return spec, err
		}
		spec.Rows = append(spec.Rows, xlsx.TemplateUnit{Code: k.Code, Name: k.Name, Values: mc.Stored})
	}
	return spec, nil
}

// RowUnits answers, for xlsx.Import, which units a template of a
// unit for a month was made for: the rows Spec writes (its
// children that existed that month, or the unit itself when it has none).
func RowUnits(ctx context.Context, db *sqlite.DB) xlsx.RowUnits {
	return func(code string, m oversight.Month) (map[string]string, string, error) {
		u, err := db.UnitDuring(ctx, code, oversight.Span{From: m, To: m})
		if err != nil {
			if oversight.ErrorCode(err) == oversight.ENotFound {
				return nil, "", oversight.Errf(oversight.EInvalid, "err.template_was_made_unit", code)
			}
			return nil, "", err
		}
		kids, err := ChildrenIn(ctx, db, u, m)
		if err != nil {
			return nil, "", err
		}
		if len(kids) == 0 {
			kids = []oversight.Unit{u}
		}
		rows := make(map[string]string, len(kids))
		for _, k := range kids {
			rows[k.Code] = k.Name
		}
		// A spreadsheet that turned "09541" into the number 9541 still
		// names the same unit (sqlite resolves it the same way).
		for _, k := range kids {
			if t := strings.TrimLeft(k.Code, "0"); t != k.Code && t != "" {
				if _, taken := rows[t]; !taken {
					rows[t] = k.Name
				}
			}
		}
		return rows, u.Name, nil
	}
}

// ChildrenIn lists the children of u that existed in month m: the rows of
// its entry template and of its grid.
func ChildrenIn(ctx context.Context, db *sqlite.DB, u oversight.Unit, m oversight.Month) ([]oversight.Unit, error) {
	kids, err := db.Children(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []oversight.Unit
	for _, k := range kids {
		if !k.ExistedDuring(oversight.Span{From: m, To: m}) {
			continue
		}
		out = append(out, k)
	}
	return out, nil
}
