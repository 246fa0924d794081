package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cchc/cchc/internal/web"
)

// TestScenarioCityThematicSupervision records, as a city council's
// secretariat would, a thematic supervision of the city's People's
// Committee on administrative reform, e-government and digital
// transformation (issue 13): the programme and its three sittings (a field
// visit, a working session, the plenary) through the pages in Chromium,
// index figures through the form and the API, six recommendations to six
// different bodies (one through the form, five through the API; one
// multi-year), one answered at the next council sitting (recorded by the
// secretariat on the lead body's behalf) and verified with a past date;
// then finds it all by searching a phrase without diacritics, on the page
// and through the API.
func TestScenarioCityThematicSupervision(t *testing.T) {
	today := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	env := newEnvWith(t, web.Config{Demo: true, Now: func() time.Time { return today }})
	base := env.ts.URL
	pdf := filepath.Join(t.TempDir(), "bao-cao-tra-loi.pdf")
	if err := os.WriteFile(pdf, sessionsPDF, 0o600); err != nil {
		t.Fatal(err)
	}
	bctx, rec := browserStart(t, base, 150*time.Second)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	browserLogin(t, bctx, base, "daibieu")

	// The programme.
	browserLoad(t, bctx, "open the programmes", chromedp.Navigate(base+"/programmes"))
	browserLoad(t, bctx, "open the new-programme form", chromedp.Click(css(`#new-programme`)))
	browserLoad(t, bctx, "record the programme",
		chromedp.SendKeys(css(`#p-body`), "Thường trực HĐND TP Hà Nội"),
		chromedp.SendKeys(css(`#p-term`), "2021–2026"),
		chromedp.SendKeys(css(`#p-topic`), "Cải cách hành chính, chính quyền điện tử và chuyển đổi số"),
		chromedp.SendKeys(css(`#p-plan`), "Kế hoạch 45/KH-HĐND"),
		chromedp.SendKeys(css(`#p-plandate`), "05/09/2024"),
		chromedp.SendKeys(css(`#p-leader`), "Nguyễn Ngọc Tuấn, Chủ tịch HĐND TP"),
		chromedp.SendKeys(css(`#p-members`), "Phùng Thị Hồng Hà\nĐàm Văn Huân"),
		chromedp.SendKeys(css(`#p-supervised`), "UBND TP Hà Nội\nSở Nội vụ\nUBND quận Hà Đông"),
		chromedp.SetValue(css(`#p-unit`), "01"),
		chromedp.SendKeys(css(`#p-from`), "16/09/2024"),
		chromedp.SendKeys(css(`#p-to`), "30/09/2024"),
		chromedp.Click(css(`#p-published`)),
		chromedp.Click(css(`#programme-save`)),
	)
	if got := browserText(t, bctx, `#programme-plan`); got != "Kế hoạch 45/KH-HĐND (05/09/2024)" {
		t.Fatalf("programme plan shown as %q", got)
	}
	progURL, _ := chromedp.Run(bctx, chromedp.Location())
	rec.check(t, "programme recorded")

	// Its three sittings, each from the programme's page.
	sitting := func(kind, date, place, body, unit string) string {
		t.Helper()
		browserLoad(t, bctx, "back to the programme", chromedp.Navigate(progURL))
		browserLoad(t, bctx, "add a "+kind, chromedp.Click(css(`a[data-kind="`+kind+`"]`)))
		if got, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('#s-programme').value`)); got == "" {
			t.Fatalf("the %s form does not start from the programme", kind)
		}
		browserLoad(t, bctx, "record the "+kind,
			chromedp.Clear(css(`#s-date`)),
			chromedp.SendKeys(css(`#s-date`), date),
			chromedp.SendKeys(css(`#s-place`), place),
			chromedp.Clear(css(`#s-supervised`)),
			chromedp.SendKeys(css(`#s-supervised`), body),
			chromedp.SetValue(css(`#s-unit`), unit),
			chromedp.SetValue(css(`#s-from`), "2024-01"),
			chromedp.SetValue(css(`#s-to`), "2024-08"),
			chromedp.Click(css(`#s-published`)),
			chromedp.Click(css(`#session-save`)),
		)
		if got := browserText(t, bctx, `#session-date`); got != date {
			t.Fatalf("%s date shown as %q, want %s", kind, got, date)
		}
		loc, _ := chromedp.Run(bctx, chromedp.Location())
		return strings.SplitN(loc, "#", 2)[0]
	}
	sitting("field_visit", "16/09/2024", "Bộ phận một cửa quận Hà Đông", "UBND quận Hà Đông", "268")
	sitting("working", "20/09/2024", "Sở Nội vụ, 18 Huỳnh Thúc Kháng", "Sở Nội vụ", "01")
	plenary := sitting("plenary", "30/09/2024", "Trụ sở HĐND TP, 18B Lê Thánh Tông", "UBND TP Hà Nội", "01")
	if got := browserText(t, bctx, `#session-programme`); got != "Cải cách hành chính, chính quyền điện tử và chuyển đổi số · Phiên họp toàn thể" {
		t.Errorf("plenary names its programme as %q", got)
	}
	rec.check(t, "sittings recorded")
	var sid int64
	fmt.Sscanf(plenary[strings.LastIndex(plenary, "/")+1:], "%d", &sid)

	// Index figures: the PAR Index through the form, SIPAS through the API.
	browserLoad(t, bctx, "add the PAR Index",
		chromedp.SendKeys(css(`#ind-label`), "Chỉ số PAR Index"),
		chromedp.SetValue(css(`#ind-family`), "par_index"),
		chromedp.SetValue(css(`#ind-kind`), "rank"),
		chromedp.SendKeys(css(`#ind-value`), "3/63"),
		chromedp.SetValue(css(`#ind-pkind`), "year"),
		chromedp.SendKeys(css(`#ind-period`), "2023"),
		chromedp.SetValue(css(`#ind-unit`), "01"),
		chromedp.SendKeys(css(`#ind-source`), "Quyết định công bố PAR Index 2023 của Bộ Nội vụ"),
		chromedp.Click(css(`#indicator-save`)),
	)
	if got := browserText(t, bctx, `#reported-table tr[data-family="par_index"] .ind-value`); got != "3/63" {
		t.Errorf("PAR Index shown as %q", got)
	}
	token := env.token(t, "daibieu")
	api := func(method, path, body string) (int, string) {
		return send(t, env.client(), method, base+path, "application/json", body, "Authorization", "Bearer "+token)
	}
	if st, out := api(http.MethodPost, fmt.Sprintf("/api/v1/sessions/%d/indicators", sid),
		`{"label":"Chỉ số SIPAS","family":"sipas","kind":"percent","value":"87,11%","period_kind":"year","period":"2023","unit":"01"}`); st != http.StatusCreated {
		t.Fatalf("SIPAS through the API: %d %s", st, out)
	}

	// Six recommendations to six bodies: one through the form.
	browserLoad(t, bctx, "reload the plenary", chromedp.Navigate(plenary))
	browserLoad(t, bctx, "add a recommendation",
		chromedp.SendKeys(css(`#rec-content`), "Đẩy nhanh số hóa hồ sơ thủ tục hành chính tại bộ phận một cửa"),
		chromedp.SetValue(css(`#rec-lead`), "268"),
		chromedp.SendKeys(css(`#rec-deadline`), "31/12/2024"),
		chromedp.Click(css(`#rec-save`)),
	)
	for _, r := range []string{
		`{"content":"Nâng chỉ số hài lòng SIPAS","lead_unit":"01","deadline":"2025-06-30"}`,
		`{"content":"Rà soát chức năng các phòng chuyên môn","lead_unit":"268-NV","deadline":"2025-03-20"}`,
		`{"content":"Công khai đầy đủ thủ tục tại phường","lead_unit":"09538","deadline":"2025-01-15"}`,
		`{"content":"Chuẩn hóa văn bản điện tử","lead_unit":"268-VP","deadline_text":"Kỳ họp thứ 22"}`,
		`{"content":"Đề án chính quyền số giai đoạn 2025-2027","lead_unit":"268-TP","deadline":"2025-12-31","deadline_to":"2027-12-31"}`,
	} {
		if st, out := api(http.MethodPost, fmt.Sprintf("/api/v1/sessions/%d/recommendations", sid), r); st != http.StatusCreated {
			t.Fatalf("recommendation %s: %d %s", r, st, out)
		}
	}

	// Recommendation 1 (Hà Đông) is answered at the council's next
	// sitting: the secretariat records the answer on Hà Đông's behalf.
	browserLoad(t, bctx, "reload the plenary", chromedp.Navigate(plenary))
	if err := chromedp.Do(bctx,
		chromedp.Click(css(`#rec-1 details summary`)),
		chromedp.Clear(css(`#rec-1 .followup-form input[name="date"]`)),
		chromedp.SendKeys(css(`#rec-1 .followup-form input[name="date"]`), "10/12/2024"),
		chromedp.Click(css(`#rec-1 .followup-form input[name="on_behalf"]`)),
		chromedp.SendKeys(css(`#rec-1 .followup-form textarea[name="text"]`), "Trả lời tại Kỳ họp thứ 20: đã số hóa 92% hồ sơ tiếp nhận."),
		chromedp.SetUploadFiles(css(`#rec-1 .followup-form input[type="file"]`), []string{pdf}),
	); err != nil {
		t.Fatalf("fill the answer: %v", err)
	}
	browserLoad(t, bctx, "record the answer", chromedp.Click(css(`#rec-1 .followup-form button[type="submit"]`)))
	if got := browserText(t, bctx, `#rec-1 .followups`); !strings.Contains(got, "10/12/2024: Trả lời tại Kỳ họp thứ 20") || !strings.Contains(got, "Văn phòng HĐND ghi thay đơn vị chủ trì") {
		t.Errorf("answer shown as %q", got)
	}
	rid, err := chromedp.Run(bctx, chromedp.Evaluate[int64](`+document.querySelector('#rec-1').dataset.rec`))
	if err != nil || rid == 0 {
		t.Fatalf("recommendation 1's id: %d, %v", rid, err)
	}
	// Hà Đông's staff report it done; the delegate verifies it on a past day.
	canbo := env.token(t, "canbo")
	if st, out := send(t, env.client(), http.MethodPost, fmt.Sprintf("%s/api/v1/recommendations/%d/actions", base, rid), "application/json",
		`{"action":"report_done"}`, "Authorization", "Bearer "+canbo); st != http.StatusOK {
		t.Fatalf("report done: %d %s", st, out)
	}
	browserLoad(t, bctx, "reload the plenary", chromedp.Navigate(plenary))
	browserLoad(t, bctx, "verify on 20/12/2024",
		chromedp.Clear(css(`#rec-1 .rec-actions input[name="date"]`)),
		chromedp.SendKeys(css(`#rec-1 .rec-actions input[name="date"]`), "20/12/2024"),
		chromedp.Click(css(`#rec-1 button[data-action="verify"]`)),
	)
	if got := browserText(t, bctx, `#rec-1 .rec-status`); got != "Đã xác minh, kết thúc" {
		t.Errorf("status after verifying = %q", got)
	}
	if got := browserText(t, bctx, `#rec-1`); !strings.Contains(got, "(20/12/2024)") {
		t.Errorf("verification date not shown: %q", got)
	}
	if got := browserText(t, bctx, `#rec-6 .rec-deadline`); got != "31/12/2025 – 31/12/2027 (hạn cuối)" {
		t.Errorf("multi-year deadline shown as %q", got)
	}
	rec.check(t, "recommendations followed up")

	// The programme's page holds the three sittings and the six
	// recommendations; the search finds it by a phrase without diacritics.
	browserLoad(t, bctx, "open the programme", chromedp.Navigate(progURL))
	if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#programme-sittings tbody tr').length`)); n != 3 {
		t.Errorf("programme lists %d sittings, want 3", n)
	}
	if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#programme-recs li').length`)); n != 6 {
		t.Errorf("programme lists %d recommendations, want 6", n)
	}
	browserLoad(t, bctx, "open the sessions", chromedp.Navigate(base+"/sessions"))
	browserLoad(t, bctx, "search a phrase without diacritics",
		chromedp.SendKeys(css(`#sessions-q`), `"chuyen doi so"`),
		chromedp.Submit(css(`#sessions-q`)),
	)
	if got := browserText(t, bctx, `#found-programmes`); !strings.Contains(got, "Cải cách hành chính, chính quyền điện tử và chuyển đổi số") {
		t.Errorf("search found programmes %q", got)
	}
	if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#sessions-table tbody tr').length`)); n != 3 {
		t.Errorf("search found %d sessions, want the 3 sittings", n)
	}
	rec.check(t, "search")

	// The same through the API.
	var prog struct {
		Programmes []struct {
			ID    int64  `json:"id"`
			Topic string `json:"topic"`
		} `json:"programmes"`
	}
	_, out := api(http.MethodGet, "/api/v1/programmes?q=%22chuyen+doi+so%22", "")
	decode(t, out, &prog)
	if len(prog.Programmes) != 1 {
		t.Fatalf("API search: %s", out)
	}
	var full struct {
		Sittings []struct {
			SittingKind string `json:"sitting_kind"`
		} `json:"sittings"`
		Recommendations []struct {
			Lead       string `json:"lead_unit"`
			Status     string `json:"status"`
			VerifiedOn string `json:"verified_on"`
			DeadlineTo string `json:"deadline_to"`
			Due        string `json:"due"`
			Overdue    bool   `json:"overdue"`
		} `json:"recommendations"`
	}
	_, out = api(http.MethodGet, fmt.Sprintf("/api/v1/programmes/%d", prog.Programmes[0].ID), "")
	decode(t, out, &full)
	var kinds, leads []string
	for _, s := range full.Sittings {
		kinds = append(kinds, s.SittingKind)
	}
	for _, r := range full.Recommendations {
		leads = append(leads, r.Lead)
	}
	if strings.Join(kinds, ",") != "field_visit,working,plenary" || strings.Join(leads, ",") != "268,01,268-NV,09538,268-VP,268-TP" {
		t.Errorf("API programme: sittings %v, leads %v", kinds, leads)
	}
	if r := full.Recommendations[0]; r.Status != "verified_closed" || r.VerifiedOn != "2024-12-20" {
		t.Errorf("answered recommendation: %+v", r)
	}
	if r := full.Recommendations[5]; r.DeadlineTo != "2027-12-31" || r.Due != "2027-12-31" || r.Overdue {
		t.Errorf("multi-year recommendation: %+v", r)
	}
	if r := full.Recommendations[3]; !r.Overdue {
		t.Errorf("recommendation due 15/01/2025 is not overdue on 01/03/2025: %+v", r)
	}
	_, out = api(http.MethodGet, "/api/v1/sessions?q=%22chuyen+doi+so%22", "")
	if strings.Count(out, `"sitting_kind"`) != 3 {
		t.Errorf("API sessions search: %s", out)
	}
	_, out = api(http.MethodGet, "/api/v1/indicators?unit=01", "")
	if !strings.Contains(out, `"value_text":"3/63"`) || !strings.Contains(out, `"value_text":"87,11%"`) {
		t.Errorf("API indicators: %s", out)
	}
}
