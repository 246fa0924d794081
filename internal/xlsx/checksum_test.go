package xlsx

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

// checksumFixture is a small export: two wards, two months, received,
// resolved and on time (so the on-time rate is there too). bump is added to
// one figure (ward 9538's dossiers received in February) so a test can
// change exactly one number.
func checksumFixture(t *testing.T, bump float64) (*oversight.Report, Options) {
	t.Helper()
	root := oversight.Unit{ID: 1, Code: "268", Name: "Quận Hà Đông", Kind: "district"}
	units := []oversight.Unit{
		{ID: 2, Code: "9538", Name: "Phường Nguyễn Trãi", Kind: "ward", ParentID: 1},
		{ID: 3, Code: "9541", Name: "Phường Mộ Lao", Kind: "ward", ParentID: 1},
	}
	span := oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 2)}
	metrics, err := oversight.ParseMetricCodes([]string{"dossiers_received", "dossiers_resolved", "dossiers_on_time"})
	if err != nil {
		t.Fatal(err)
	}
	buckets := oversight.Buckets(span, oversight.ByMonth)
	r := oversight.NewReport(units, buckets, metrics)
	// Resolved 4 and 3 on time in every unit-month: rates of exactly 75%.
	// Mộ Lao reports nothing in February (a gap, left out of the rows).
	pts := []oversight.Point{
		{Unit: 2, Metric: "dossiers_received", Month: span.From, Value: 10},
		{Unit: 2, Metric: "dossiers_resolved", Month: span.From, Value: 4},
		{Unit: 2, Metric: "dossiers_on_time", Month: span.From, Value: 3},
		{Unit: 2, Metric: "dossiers_received", Month: span.To, Value: 20 + bump},
		{Unit: 2, Metric: "dossiers_resolved", Month: span.To, Value: 4},
		{Unit: 2, Metric: "dossiers_on_time", Month: span.To, Value: 3},
		{Unit: 3, Metric: "dossiers_received", Month: span.From, Value: 7},
	}
	for b, bk := range buckets {
		var in []oversight.Point
		for _, p := range pts {
			if bk.Span.Contains(p.Month) {
				in = append(in, p)
			}
		}
		r.SetBucket(b, in, nil)
	}
	return r, Options{Root: root, Subtree: true, Span: span, By: oversight.ByMonth, Layout: LayoutLong}
}

// simpleChecksum is the published rule (ChecksumRule), written again as
// plainly as possible: one line per data row, joined, hashed.
func simpleChecksum(lines []string) string {
	sum := sha256.Sum256([]byte(strings.Join(lines, "")))
	return hex.EncodeToString(sum[:])
}

// ruleLine is one line of the rule. A total's unit code is empty.
func ruleLine(scope, code, from, to, metric string, v float64) string {
	if scope == "total" {
		code = ""
	}
	return scope + "\t" + code + "\t" + from + "\t" + to + "\t" + metric + "\t" + strconv.FormatFloat(v, 'g', -1, 64) + "\n"
}

// linesFromWorkbook reads a long-layout workbook's data sheet back and
// makes the rule's lines from what the cells hold, plus the checksum and
// row count the "Thông tin" sheet states.
func linesFromWorkbook(t *testing.T, data []byte) (lines []string, stated string, statedRows string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetLong, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || rows[0][7] != "Mã chỉ tiêu" || rows[0][9] != "Giá trị" {
		t.Fatalf("data sheet header %q", rows)
	}
	month := func(serial string) string {
		x, err := strconv.ParseFloat(serial, 64)
		if err != nil {
			t.Fatalf("date cell %q: %v", serial, err)
		}
		d, err := excelize.ExcelDateToTime(x, false)
		if err != nil {
			t.Fatal(err)
		}
		return d.Format("2006-01")
	}
	for _, row := range rows[1:] {
		v, err := strconv.ParseFloat(row[9], 64)
		if err != nil {
			t.Fatalf("value cell %q: %v", row[9], err)
		}
		if strings.HasSuffix(row[7], "_rate") {
			// The cell holds a fraction shown as a percent; the rule
			// hashes percents from 0 to 100.
			v, _ = strconv.ParseFloat(strconv.FormatFloat(v*100, 'g', 12, 64), 64)
		}
		lines = append(lines, ruleLine(row[0], row[1], month(row[5]), month(row[6]), row[7], v))
	}
	info, err := f.GetRows(SheetInfo)
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range info {
		if len(kv) < 2 {
			continue
		}
		switch kv[0] {
		case "SHA-256 dữ liệu / data checksum":
			stated = kv[1]
		case "Số dòng dữ liệu / data rows":
			statedRows = kv[1]
		}
	}
	return lines, stated, statedRows
}

// Issue 17, item 3: the checksum in the "Thông tin" sheet is what anyone
// gets by applying the published rule to the file's own rows, and it
// changes when one figure changes. A Checksum that returned a constant, or
// hashed anything else, fails here.
func TestChecksumRecomputedFromTheFileByItsRule(t *testing.T) {
	write := func(bump float64) []byte {
		r, o := checksumFixture(t, bump)
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, r, o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	lines, stated, statedRows := linesFromWorkbook(t, write(0))
	// Written out by hand: ward 9538 both months, ward 9541 January only,
	// then the totals; figures in report order, the rate last.
	want := []string{
		"unit\t9538\t2019-01\t2019-01\tdossiers_received\t10\n",
		"unit\t9538\t2019-01\t2019-01\tdossiers_resolved\t4\n",
		"unit\t9538\t2019-01\t2019-01\tdossiers_on_time\t3\n",
		"unit\t9538\t2019-01\t2019-01\ton_time_rate\t75\n",
		"unit\t9538\t2019-02\t2019-02\tdossiers_received\t20\n",
		"unit\t9538\t2019-02\t2019-02\tdossiers_resolved\t4\n",
		"unit\t9538\t2019-02\t2019-02\tdossiers_on_time\t3\n",
		"unit\t9538\t2019-02\t2019-02\ton_time_rate\t75\n",
		"unit\t9541\t2019-01\t2019-01\tdossiers_received\t7\n",
		"total\t\t2019-01\t2019-01\tdossiers_received\t17\n",
		"total\t\t2019-01\t2019-01\tdossiers_resolved\t4\n",
		"total\t\t2019-01\t2019-01\tdossiers_on_time\t3\n",
		"total\t\t2019-01\t2019-01\ton_time_rate\t75\n",
		"total\t\t2019-02\t2019-02\tdossiers_received\t20\n",
		"total\t\t2019-02\t2019-02\tdossiers_resolved\t4\n",
		"total\t\t2019-02\t2019-02\tdossiers_on_time\t3\n",
		"total\t\t2019-02\t2019-02\ton_time_rate\t75\n",
	}
	if got := strings.Join(lines, ""); got != strings.Join(want, "") {
		t.Fatalf("the file's rows as the rule reads them:\n%s\nwant\n%s", got, strings.Join(want, ""))
	}
	if statedRows != strconv.Itoa(len(want)) {
		t.Errorf("the file states %s data rows, it has %d", statedRows, len(want))
	}
	if sum := simpleChecksum(want); stated != sum {
		t.Errorf("the file states checksum %s, the rule over its rows gives %s", stated, sum)
	}

	bumped, statedBumped, _ := linesFromWorkbook(t, write(1))
	if statedBumped == stated {
		t.Errorf("one figure changed (20 -> 21 dossiers) and the stated checksum did not: %s", stated)
	}
	if sum := simpleChecksum(bumped); statedBumped != sum {
		t.Errorf("after the change the file states %s, the rule gives %s", statedBumped, sum)
	}
	if !strings.Contains(strings.Join(bumped, ""), "unit\t9538\t2019-02\t2019-02\tdossiers_received\t21\n") {
		t.Errorf("the changed figure is not in the file: %q", bumped)
	}
}

// The CSV of the same report carries no checksum sheet, but its rows give
// the same checksum by the same rule as the workbook states: the checksum
// depends on the figures, not the format.
func TestChecksumRuleOverTheCSVRows(t *testing.T) {
	r, o := checksumFixture(t, 0)
	o.Format = FormatCSV
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, rec := range recs[1:] {
		// scope, unit_code, unit_name, unit_kind, period, from, to, metric, metric_name, value
		v, err := strconv.ParseFloat(rec[9], 64)
		if err != nil {
			t.Fatalf("value %q: %v", rec[9], err)
		}
		lines = append(lines, ruleLine(rec[0], rec[1], rec[5][:7], rec[6][:7], rec[7], v))
	}
	sum, n := Checksum(r)
	if n != len(lines) || n != 17 {
		t.Errorf("Checksum counts %d rows, the CSV has %d, by hand 17", n, len(lines))
	}
	if got := simpleChecksum(lines); got != sum {
		t.Errorf("the rule over the CSV rows gives %s, Checksum %s", got, sum)
	}
}

// The published rule must say what a reader cannot guess from the file:
// the total rows hash an empty unit code although the data sheet shows the
// root unit's code there.
func TestChecksumRuleSaysTheTotalsUnitCodeIsEmpty(t *testing.T) {
	if !strings.Contains(ChecksumRule, "empty for the total") {
		t.Errorf("ChecksumRule does not say the total's unit code is empty: %q", ChecksumRule)
	}
}
