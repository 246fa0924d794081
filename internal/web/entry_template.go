package web

import (
	"context"
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
)

// The Excel entry template: which units and figures it holds, and its
// download.

// TemplateSpec builds the entry template of unit u for month m: its
// children that existed that month as rows (or the unit itself when it
// has none), with the figures already stored.
func TemplateSpec(ctx context.Context, db *sqlite.DB, u oversight.Unit, m oversight.Month) (xlsx.TemplateSpec, error) {
	kids, err := childrenIn(ctx, db, u, m)
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

// TemplateRowUnits answers, for xlsx.Import, which units a template of a
// unit for a month was made for: the rows TemplateSpec writes (its
// children that existed that month, or the unit itself when it has none).
func TemplateRowUnits(ctx context.Context, db *sqlite.DB) xlsx.RowUnits {
	return func(code string, m oversight.Month) (map[string]string, string, error) {
		u, err := db.UnitByCode(ctx, code)
		if err != nil {
			if oversight.ErrorCode(err) == oversight.ENotFound {
				return nil, "", oversight.Bilingual(oversight.EInvalid,
					fmt.Sprintf("Biểu mẫu lập cho đơn vị mã %q, không có trong danh mục đơn vị. Hãy tải biểu mẫu mới tại trang Nhập liệu.", code),
					fmt.Sprintf("The template was made for unit %q, which is not in the list of units. Download a new template from the Data entry page.", code))
			}
			return nil, "", err
		}
		kids, err := childrenIn(ctx, db, u, m)
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
		return rows, u.Name, nil
	}
}

func (s *Server) entryTemplate(c *gin.Context) {
	u, m, chain, err := s.entryTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !currentUser(c).CanWriteValues(chain) {
		s.fail(c, forbidden())
		return
	}
	// A template for a month that can never be imported would only fail
	// later, after the work of filling it.
	if err := oversight.CheckEntryMonth(u, m, s.cfg.Now()); err != nil {
		s.fail(c, err)
		return
	}
	spec, err := TemplateSpec(c.Request.Context(), s.db, u, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="cchc-%s-%s.xlsx"`, u.Code, m))
	if err := xlsx.WriteTemplate(c.Writer, spec); err != nil {
		s.log.Error("write template", "err", err)
	}
}
