package web_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The print view and the workbook name the body supervised, each
// recommendation's lead body and each figure's source; the workbook's
// cells are typed (dates are dates, percents are percent-formatted
// fractions, counts whole, decimals kept), read back cell by cell with
// openpyxl; the demo's "illustrative" notice is on the demo session only.
func TestSessionsPrintAndWorkbookNameBodiesAndTypeCells(t *testing.T) {
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install python3-openpyxl: %v", err)
		}
		t.Skipf("no python3-openpyxl: %v", err)
	}
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	s, body := send(t, delegate, http.MethodPost, env.ts.URL+"/api/v1/sessions", "application/json",
		`{"body":"Ban Pháp chế HĐND TP","topic":"CCHC và chuyển đổi số","date":"2019-11-20","unit":"268","supervised_body":"UBND quận Hà Đông",
		  "span_from":"2019-01","span_to":"2019-10","published":true,"report_no":"15/BC-HĐND","report_date":"2019-12-02"}`)
	if s != http.StatusCreated {
		t.Fatalf("create session: %d %s", s, body)
	}
	var sess struct{ ID int64 }
	decode(t, body, &sess)
	api := fmt.Sprintf("%s/api/v1/sessions/%d", env.ts.URL, sess.ID)
	for _, fig := range []string{
		`{"metric":"inspections","value":57,"source":"Báo cáo 15/BC-UBND"}`,
		`{"metric":"procedures_time_cut_pct","value":87.11,"source":"Bộ chỉ số 766"}`,
		`{"metric":"procedures_time_cut_pct","value":74,"scope":"children_total"}`,
		`{"metric":"dossiers_received","value":6538}`,
	} {
		if s, b := send(t, delegate, http.MethodPost, api+"/figures", "application/json", fig); s != http.StatusCreated {
			t.Fatalf("add figure %s: %d %s", fig, s, b)
		}
	}
	if s, b := send(t, delegate, http.MethodPost, api+"/recommendations", "application/json",
		`{"content":"Niêm yết đủ TTHC","lead_unit":"268-VP","deadline":"2020-01-15","deadline_text":"Kỳ họp thứ 12"}`); s != http.StatusCreated {
		t.Fatalf("add recommendation: %d %s", s, b)
	}

	_, page, _ := get(t, delegate, fmt.Sprintf("%s/sessions/%d/print", env.ts.URL, sess.ID))
	for _, want := range []string{`<span id="print-supervised">UBND quận Hà Đông</span>`, "Quận Hà Đông", "Báo cáo 15/BC-UBND", "Bộ chỉ số 766",
		`<span class="print-lead">Văn phòng`, "Kỳ họp thứ 12 (15/01/2020)"} {
		if !strings.Contains(page, want) {
			t.Errorf("print view lacks %q", want)
		}
	}
	if strings.Contains(page, "illustrative") {
		t.Error("the print view of a new session carries the demo's notice")
	}
	_, page, _ = get(t, delegate, fmt.Sprintf("%s/sessions/%d", env.ts.URL, sess.ID))
	if strings.Contains(page, `class="notice illustrative"`) || !strings.Contains(page, `<td id="session-supervised">UBND quận Hà Đông</td>`) {
		t.Error("the session page shows the demo's notice or lacks the body supervised")
	}
	if _, demo, _ := get(t, delegate, env.ts.URL+"/sessions/1"); !strings.Contains(demo, `class="notice illustrative"`) {
		t.Error("the demo session lacks its notice")
	}

	resp, err := delegate.Get(fmt.Sprintf("%s/sessions/%d/xlsx", env.ts.URL, sess.ID))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	path := filepath.Join(t.TempDir(), "session.xlsx")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	// Each cell as [python type, value, number format].
	script := `import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    out[ws.title] = {c.coordinate: [type(c.value).__name__, c.value.isoformat() if isinstance(c.value, datetime.datetime) else c.value, c.number_format]
                     for row in ws.iter_rows() for c in row if c.value is not None}
print(json.dumps(out))`
	raw, err := exec.Command(py, "-c", script, path).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var cells map[string]map[string][3]any
	decode(t, string(raw), &cells)
	checks := []struct {
		sheet, ref string
		want       [3]any
	}{
		{"Buoi giam sat", "B9", [3]any{"datetime", "2019-11-20T00:00:00", "dd/mm/yyyy"}},
		{"Buoi giam sat", "A10", [3]any{"str", "Cơ quan chịu giám sát", "General"}},
		{"Buoi giam sat", "B10", [3]any{"str", "UBND quận Hà Đông", "General"}},
		{"Buoi giam sat", "B11", [3]any{"str", "Quận Hà Đông (268)", "General"}},
		{"Buoi giam sat", "B18", [3]any{"datetime", "2019-12-02T00:00:00", "dd/mm/yyyy"}},
		{"So lieu", "B2", [3]any{"str", "inspections", "General"}},
		{"So lieu", "E2", [3]any{"int", 57.0, "#,##0"}},
		{"So lieu", "J2", [3]any{"str", "Báo cáo 15/BC-UBND", "General"}},
		{"So lieu", "E3", [3]any{"float", 0.8711, "0.00%"}},
		{"So lieu", "J3", [3]any{"str", "Bộ chỉ số 766", "General"}},
		{"So lieu", "E4", [3]any{"float", 0.74, "0%"}},
		{"So lieu", "E5", [3]any{"int", 6538.0, "#,##0"}},
		{"Kien nghi", "C2", [3]any{"str", "Văn phòng HĐND và UBND quận Hà Đông", "General"}},
		{"Kien nghi", "G2", [3]any{"datetime", "2020-01-15T00:00:00", "dd/mm/yyyy"}},
		{"Kien nghi", "M2", [3]any{"str", "Kỳ họp thứ 12", "General"}},
	}
	for _, c := range checks {
		got, ok := cells[c.sheet][c.ref]
		if !ok {
			t.Errorf("%s!%s is empty", c.sheet, c.ref)
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s!%s = %v, want %v", c.sheet, c.ref, got, c.want)
		}
	}
}
