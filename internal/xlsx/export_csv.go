package xlsx

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// The rows of an export, their checksum and the CSV writer.

// scope values of the long layout and of CSV rows.
const (
	scopeUnit  = "unit"  // the unit's own figures
	scopeTotal = "total" // all the exported units together
)

// rowsOf calls fn for every data row of the report in the long order
// (units, then the totals, each by period then column), skipping empty
// cells. unit is -1 for the totals.
func rowsOf(r *oversight.Report, fn func(unit, bucket, col int, v float64) error) error {
	for i := 0; i <= len(r.Units); i++ {
		u := i
		if i == len(r.Units) {
			u = -1
		}
		for b := range r.Buckets {
			for c := 0; c < r.Columns(); c++ {
				var v float64
				var ok bool
				if u < 0 {
					v, ok = r.Total(b, c)
				} else {
					v, ok = r.Value(u, b, c)
				}
				if ok {
					if err := fn(u, b, c, v); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// ChecksumRule tells how Checksum is computed, so anyone can check a file.
const ChecksumRule = "SHA-256 (hex) of one line per data row, in the order units then total, period, figure: " +
	"scope TAB unit code (empty for the total) TAB from YYYY-MM TAB to YYYY-MM TAB figure code TAB value (Go 'g' format, percents 0-100) LF"

// Checksum returns the SHA-256 of the report's data rows (see ChecksumRule)
// and how many rows there are. It depends on the figures only, not on the
// layout or format, so a wide and a long file of the same data agree.
func Checksum(r *oversight.Report) (string, int) {
	h := sha256.New()
	w := bufio.NewWriterSize(h, 64<<10)
	spans := make([]string, len(r.Buckets))
	for b, bk := range r.Buckets {
		spans[b] = bk.Span.From.String() + "\t" + bk.Span.To.String() + "\t"
	}
	n := 0
	var num []byte
	_ = rowsOf(r, func(u, b, c int, v float64) error {
		if u >= 0 {
			w.WriteString(scopeUnit + "\t" + r.Units[u].Code + "\t")
		} else {
			w.WriteString(scopeTotal + "\t\t")
		}
		w.WriteString(spans[b])
		w.WriteString(r.ColumnCode(c))
		w.WriteByte('\t')
		num = strconv.AppendFloat(num[:0], v, 'g', -1, 64)
		w.Write(num)
		w.WriteByte('\n')
		n++
		return nil
	})
	w.Flush()
	return hex.EncodeToString(h.Sum(nil)), n
}

// cellValue is a figure as a spreadsheet stores it: percents as fractions
// (shown as 0.0%), counts as they are.
func cellValue(r *oversight.Report, c int, v float64) float64 {
	if r.ColumnIsPercent(c) {
		return v / 100
	}
	return v
}

// WriteCSV writes the report as CSV: UTF-8 with a byte-order mark (so
// Excel reads Vietnamese correctly), header row of stable codes, dates as
// YYYY-MM-DD, percents from 0 to 100 as the API gives them (a CSV has no
// cell format to show a fraction as a percent). With the semicolon separator decimals
// take a comma, as spreadsheet programs set to Vietnamese expect.
func WriteCSV(w io.Writer, r *oversight.Report, o Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	if o.Sep != 0 {
		cw.Comma = o.Sep
	}
	num := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if cw.Comma == ';' {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	unitCells := func(u int) []string {
		if u < 0 {
			return []string{scopeTotal, Neutralize(o.Root.Code), Neutralize(o.Root.Name), ""}
		}
		un := r.Units[u]
		return []string{scopeUnit, Neutralize(un.Code), Neutralize(un.Name), Neutralize(un.Kind)}
	}
	if o.Layout == LayoutLong {
		if err := cw.Write([]string{"scope", "unit_code", "unit_name", "unit_kind", "period", "from", "to", "metric", "metric_name", "value"}); err != nil {
			return err
		}
		err := rowsOf(r, func(u, b, c int, v float64) error {
			bk := r.Buckets[b]
			rec := append(unitCells(u), text.BucketLabel(o.Lang, bk), bk.Span.From.FirstDay().Format(time.DateOnly), bk.Span.To.LastDay().Format(time.DateOnly),
				r.ColumnCode(c), text.ColumnName(o.Lang, r, c), num(v))
			return cw.Write(rec)
		})
		if err != nil {
			return err
		}
	} else {
		head := []string{"scope", "unit_code", "unit_name", "unit_kind", "period", "from", "to"}
		for c := 0; c < r.Columns(); c++ {
			head = append(head, r.ColumnCode(c))
		}
		if err := cw.Write(head); err != nil {
			return err
		}
		for b, bk := range r.Buckets {
			for u := 0; u <= len(r.Units); u++ {
				ui := u
				if u == len(r.Units) {
					ui = -1 // the totals row last, as in the workbook
				}
				rec := append(unitCells(ui), text.BucketLabel(o.Lang, bk), bk.Span.From.FirstDay().Format(time.DateOnly), bk.Span.To.LastDay().Format(time.DateOnly))
				for c := 0; c < r.Columns(); c++ {
					var v float64
					var ok bool
					if ui < 0 {
						v, ok = r.Total(b, c)
					} else {
						v, ok = r.Value(ui, b, c)
					}
					if ok {
						rec = append(rec, num(v))
					} else {
						rec = append(rec, "")
					}
				}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
