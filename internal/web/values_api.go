package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

func init() {
	registerRoutes(func(s *Server, g groups) {
		g.api.POST("/values", s.apiPutValues) // staff: own subtree only; admin: all
	})
}

type apiValueIn struct {
	Unit    string   `json:"unit"`
	Period  string   `json:"period"`
	Metric  string   `json:"metric"`
	Value   *float64 `json:"value"`
	Comment string   `json:"comment"`
}

type apiRowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// maxBatch bounds one POST /api/v1/values.
const maxBatch = 50000

// apiPutValues stores a batch of figures, all or nothing. Every row is
// checked before anything is written; a refused batch answers 422 with an
// error for each refused row. Staff may write only in their unit's subtree.
func (s *Server) apiPutValues(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	var body struct {
		Values []apiValueIn `json:"values"`
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 16<<20)
	if err := c.ShouldBindJSON(&body); err != nil {
		s.fail(c, oversight.Bilingual(oversight.EInvalid,
			"Nội dung gửi lên không phải JSON hợp lệ dạng {\"values\": [{\"unit\", \"period\", \"metric\", \"value\", \"comment\"}]}.",
			"The body is not valid JSON of the form {\"values\": [{\"unit\", \"period\", \"metric\", \"value\", \"comment\"}]}."))
		return
	}
	if len(body.Values) == 0 || len(body.Values) > maxBatch {
		s.fail(c, oversight.Bilingual(oversight.EInvalid,
			fmt.Sprintf("Cần từ 1 đến %d giá trị trong một lần gửi.", maxBatch), fmt.Sprintf("Send between 1 and %d values at a time.", maxBatch)))
		return
	}
	user := currentUser(c)
	var rowErrs []apiRowError
	in := make([]sqlite.ValueInput, 0, len(body.Values))
	chains := map[string][]int64{}
	forbiddenUnits := map[string]bool{}
	for i, v := range body.Values {
		row := i + 1
		bad := func(field string, err error) {
			rowErrs = append(rowErrs, apiRowError{row, field, oversight.ErrorMessage(err, l)})
		}
		m, ok := oversight.MetricByCode(v.Metric)
		if !ok {
			bad("metric", oversight.Bilingual(oversight.EInvalid, fmt.Sprintf("Không có chỉ tiêu mã %q.", v.Metric), fmt.Sprintf("There is no metric with code %q.", v.Metric)))
		}
		month, err := oversight.ParseMonth(v.Period)
		if err != nil {
			bad("period", err)
		}
		if v.Value == nil {
			bad("value", oversight.Bilingual(oversight.EInvalid, "Thiếu giá trị.", "The value is missing."))
		} else if ok {
			if is := oversight.ValidateValue(m, *v.Value); is != nil {
				bad("value", oversight.Bilingual(oversight.EInvalid, is.Message, is.MessageEN))
			}
		}
		chain, seen := chains[v.Unit]
		if !seen {
			u, err := s.db.UnitByCode(ctx, v.Unit)
			if err == nil {
				chain, err = s.db.AncestorIDs(ctx, u.ID)
			}
			if err != nil && oversight.ErrorCode(err) == oversight.EInternal {
				s.fail(c, err)
				return
			}
			chains[v.Unit] = chain
		}
		if chain == nil {
			bad("unit", oversight.Bilingual(oversight.EInvalid, fmt.Sprintf("Không có đơn vị mã %q.", v.Unit), fmt.Sprintf("There is no unit with code %q.", v.Unit)))
		} else if !user.CanWriteValues(chain) {
			forbiddenUnits[v.Unit] = true
			bad("unit", oversight.Bilingual(oversight.EForbidden,
				fmt.Sprintf("Bạn không được nhập số liệu cho đơn vị %s.", v.Unit), fmt.Sprintf("You may not enter figures for unit %s.", v.Unit)))
		}
		if v.Value != nil {
			in = append(in, sqlite.ValueInput{UnitCode: v.Unit, Metric: v.Metric, Month: month, Value: *v.Value, Comment: v.Comment})
		}
	}
	if len(rowErrs) == 0 {
		// Rules that tie metrics together are checked per unit and month.
		rowErrs = append(rowErrs, crossChecks(body.Values, l)...)
	}
	if len(rowErrs) > 0 {
		status := http.StatusUnprocessableEntity
		if len(forbiddenUnits) > 0 {
			status = http.StatusForbidden
		}
		c.JSON(status, gin.H{"error": gin.H{"code": map[bool]string{true: oversight.EForbidden, false: oversight.EInvalid}[status == http.StatusForbidden],
			"message": pick(l, "Không lưu giá trị nào: lô số liệu có lỗi.", "Nothing was saved: the batch has errors."), "rows": rowErrs}})
		return
	}
	if err := s.db.PutValues(ctx, in, "api", actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"saved": len(in)})
}

// crossChecks applies the domain's month rules to the rows of each unit
// and month in a batch and ties each issue back to a row.
func crossChecks(rows []apiValueIn, l string) []apiRowError {
	type key struct{ unit, period string }
	groups := map[key]map[string]float64{}
	rowOf := map[key]map[string]int{}
	var order []key
	for i, r := range rows {
		k := key{r.Unit, r.Period}
		if groups[k] == nil {
			groups[k] = map[string]float64{}
			rowOf[k] = map[string]int{}
			order = append(order, k)
		}
		groups[k][r.Metric] = *r.Value
		rowOf[k][r.Metric] = i + 1
	}
	var out []apiRowError
	for _, k := range order {
		for _, is := range oversight.ValidateMonth(groups[k]) {
			if is.Severity != oversight.SevError {
				continue
			}
			msg := is.Message
			if l == "en" {
				msg = is.MessageEN
			}
			out = append(out, apiRowError{Row: rowOf[k][is.Metric], Field: "value", Message: k.unit + " " + k.period + ": " + msg})
		}
	}
	return out
}
