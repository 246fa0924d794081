package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/xlsx"
)

// entryPost posts a form and returns status, body and redirect target.
func entryPost(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

// entryDump is the whole content of the database as text, table by table,
// to prove a refused write changed nothing. Login sessions and API
// tokens (whose last use is recorded) are bookkeeping, not content.
func entryDump(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('web_sessions', 'api_tokens') ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, tb := range tables {
		r, err := db.Query(`SELECT * FROM "` + tb + `" ORDER BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		fmt.Fprintf(&b, "== %s\n", tb)
		for r.Next() {
			r.Scan(ptrs...)
			fmt.Fprintln(&b, vals...)
		}
		r.Close()
	}
	return b.String()
}

// entryDiff shows the lines of after that are not in before.
func entryDiff(before, after string) string {
	seen := map[string]bool{}
	for _, l := range strings.Split(before, "\n") {
		seen[l] = true
	}
	var out []string
	for _, l := range strings.Split(after, "\n") {
		if !seen[l] {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func entryUnitID(t *testing.T, env *testEnv, code string) int64 {
	u, err := env.db.UnitByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// The form keeps every typed value on a refusal (422), shows the message
// beside the field, asks for a reason on a warning, and records history.
func TestEntryFormValidationWarningsAndHistory(t *testing.T) {
	env := newEnv(t)
	ward := env.login(t, "canbophuong") // staff of ward 09538
	page := env.ts.URL + "/entry?unit=09538&period=2019-11"
	status, body, _ := get(t, ward, page)
	if status != 200 {
		t.Fatalf("form: %d", status)
	}
	for _, w := range []string{"Phường Nguyễn Trãi", "Hồ sơ một cửa", "Đánh giá CB, CC, VC", `name="v.dossiers_received"`, "Khoảng thường gặp", "Đang nhập", "js/entry."} {
		if !strings.Contains(body, w) {
			t.Errorf("form lacks %q", w)
		}
	}
	// October's received dossiers are shown as "last month" beside November's box.
	if !strings.Contains(body, "Tháng trước") {
		t.Error("form lacks last month's column")
	}

	form := url.Values{"unit": {"09538"}, "period": {"2019-11"},
		"v.dossiers_resolved": {"1.000"}, "v.dossiers_on_time": {"1.200"}, "v.dossiers_received": {"abc"}, "v.procedures_time_cut_pct": {"74,5%"}}
	status, body, _ = entryPost(t, ward, env.ts.URL+"/entry", form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", status)
	}
	for _, w := range []string{`value="1.000"`, `value="1.200"`, `value="abc"`, `value="74,5%"`, `id="err-dossiers_received"`, "không phải là số"} {
		if !strings.Contains(body, w) {
			t.Errorf("refused form lacks %q", w)
		}
	}
	if h, _ := env.db.ValueHistory(context.Background(), entryUnitID(t, env, "09538"), oversight.NewMonth(2019, 11)); len(h) != 0 {
		t.Fatalf("a refused form wrote history: %+v", h)
	}

	// A parse-clean form whose only problem is a rule across metrics.
	form.Set("v.dossiers_received", "2.000")
	status, body, _ = entryPost(t, ward, env.ts.URL+"/entry", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-dossiers_on_time"`) || !strings.Contains(body, "đúng hạn lớn hơn") {
		t.Fatalf("on time > resolved: %d, want 422 with the message beside dossiers_on_time", status)
	}

	// 50.000 dossiers in a month is far outside this ward's history: a warning.
	form = url.Values{"unit": {"09538"}, "period": {"2019-11"}, "v.dossiers_received": {"50.000"}}
	status, body, _ = entryPost(t, ward, env.ts.URL+"/entry", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="warn-dossiers_received"`) || !strings.Contains(body, `name="r.dossiers_received"`) {
		t.Fatalf("outlier: %d, want 422 with a warning and a reason box", status)
	}
	form.Set("r.dossiers_received", "Đợt cấp đổi giấy tờ hàng loạt")
	status, _, loc := entryPost(t, ward, env.ts.URL+"/entry", form)
	if status != http.StatusSeeOther || !strings.Contains(loc, "unit=09538") {
		t.Fatalf("confirmed warning: %d %s", status, loc)
	}
	form = url.Values{"unit": {"09538"}, "period": {"2019-11"}, "v.dossiers_received": {"50.000"}, "v.procedures_time_cut_pct": {"74,5"}}
	if status, _, _ := entryPost(t, ward, env.ts.URL+"/entry", form); status != http.StatusSeeOther {
		t.Fatalf("unchanged outlier plus a new value: %d, want saved without asking again", status)
	}
	h, err := env.db.ValueHistory(context.Background(), entryUnitID(t, env, "09538"), oversight.NewMonth(2019, 11))
	if err != nil || len(h) != 2 {
		t.Fatalf("history %+v %v, want 2 entries", h, err)
	}
	recv := h[1]
	if recv.Metric != "dossiers_received" || recv.New != 50000 || recv.Old != nil || recv.Reason != "Đợt cấp đổi giấy tờ hàng loạt" || recv.Source != "form" || recv.UserName != "canbophuong" {
		t.Errorf("history entry %+v", recv)
	}
	if h[0].Metric != "procedures_time_cut_pct" || h[0].New != 74.5 {
		t.Errorf("history entry %+v", h[0])
	}
	// A rule broken by changing one figure shows beside the figure the
	// rule names, though that one was not touched: October has on time =
	// resolved, so 5 late dossiers break "on time + late = resolved".
	status, body, _ = entryPost(t, ward, env.ts.URL+"/entry", url.Values{"unit": {"09538"}, "period": {"2019-10"}, "v.dossiers_late": {"5"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-dossiers_resolved"`) {
		t.Errorf("late changed alone: %d, want 422 with the error beside dossiers_resolved", status)
	}
	_, body, _ = get(t, ward, page)
	for _, w := range []string{"Lịch sử thay đổi", "Đợt cấp đổi giấy tờ hàng loạt", `value="50.000"`, "biểu nhập"} {
		if !strings.Contains(body, w) {
			t.Errorf("form after saving lacks %q", w)
		}
	}
}

// Who may write from the form: staff of the unit or above, admins; not
// another ward's staff, a delegate or an analyst.
func TestEntryFormAuthorization(t *testing.T) {
	env := newEnv(t)
	form := url.Values{"unit": {"09541"}, "period": {"2019-11"}, "v.inspections": {"1"}}
	clients := map[string]*http.Client{}
	for _, who := range []string{"canbophuong", "daibieu", "phantich"} {
		clients[who] = env.login(t, who)
	}
	before := entryDump(t, env.db.Path)
	for who, c := range clients {
		if status, _, _ := entryPost(t, c, env.ts.URL+"/entry", form); status != http.StatusForbidden {
			t.Errorf("%s writes ward 09541: %d, want 403", who, status)
		}
		if status, _, _ := get(t, c, env.ts.URL+"/entry/template.xlsx?unit=268&period=2019-11"); status != http.StatusForbidden && who != "canbophuong" {
			t.Errorf("%s downloads the district template: %d, want 403", who, status)
		}
	}
	if after := entryDump(t, env.db.Path); after != before {
		t.Error("refused writes changed the database")
	}
	for _, who := range []string{"canbo", "admin"} {
		c := env.login(t, who)
		if status, _, _ := entryPost(t, c, env.ts.URL+"/entry", form); status != http.StatusSeeOther {
			t.Errorf("%s writes ward 09541: %d, want 303", who, status)
		}
	}
	// Reading the form is open to every logged-in user, read-only for them.
	_, body, _ := get(t, env.login(t, "daibieu"), env.ts.URL+"/entry?unit=09541&period=2019-11")
	if !strings.Contains(body, "readonly") || strings.Contains(body, `id="entry-save"`) {
		t.Error("a delegate's form is editable")
	}
	if status, _, _ := get(t, env.client(), env.ts.URL+"/entry"); status != http.StatusSeeOther {
		t.Errorf("anonymous /entry: %d, want a redirect to login", status)
	}
}

// Draft -> submitted -> returned -> submitted -> approved (locked) ->
// reopened, each by whom it must be, and "changed since approval".
func TestEntryWorkflow(t *testing.T) {
	env := newEnv(t)
	ward := env.login(t, "canbophuong")
	district := env.login(t, "canbo")
	delegate := env.login(t, "daibieu")
	act := func(c *http.Client, action, comment string) int {
		st, _, _ := entryPost(t, c, env.ts.URL+"/entry/status", url.Values{"unit": {"09538"}, "period": {"2019-10"}, "action": {action}, "comment": {comment}})
		return st
	}
	state := func() oversight.Status {
		s, err := env.db.MonthState(context.Background(), entryUnitID(t, env, "09538"), oversight.NewMonth(2019, 10))
		if err != nil {
			t.Fatal(err)
		}
		return s.Status
	}
	steps := []struct {
		who     *http.Client
		name    string
		action  string
		comment string
		status  int
		want    oversight.Status
	}{
		{ward, "ward approves its own draft", "approve", "", 403, oversight.StatusDraft},
		{district, "district approves a draft", "approve", "", 409, oversight.StatusDraft},
		{district, "district submits for the ward", "submit", "", 303, oversight.StatusSubmitted},
		{district, "district approves what it submitted itself", "approve", "", 403, oversight.StatusSubmitted},
		{ward, "ward approves its own month", "approve", "", 403, oversight.StatusSubmitted},
		{delegate, "delegate returns", "return", "x", 403, oversight.StatusSubmitted},
		{district, "district returns without comment", "return", "", 422, oversight.StatusSubmitted},
		{district, "district returns with comment", "return", "Thiếu số hồ sơ trực tuyến", 303, oversight.StatusReturned},
		{ward, "ward resubmits", "submit", "", 303, oversight.StatusSubmitted},
		{district, "district approves", "approve", "", 303, oversight.StatusApproved},
		{ward, "ward reopens", "reopen", "", 403, oversight.StatusApproved},
	}
	for _, s := range steps {
		if got := act(s.who, s.action, s.comment); got != s.status {
			t.Errorf("%s: %d, want %d", s.name, got, s.status)
		}
		if got := state(); got != s.want {
			t.Fatalf("after %s: %s, want %s", s.name, got, s.want)
		}
	}
	// Approved: locked for everyone, the approver included, until reopened.
	api := []string{"Authorization", "Bearer " + env.token(t, "canbo")}
	before := entryDump(t, env.db.Path)
	_, body, _ := get(t, ward, env.ts.URL+"/entry?unit=09538&period=2019-10")
	if !strings.Contains(body, `id="entry-locked"`) || strings.Contains(body, `id="entry-save"`) {
		t.Error("approved month is not shown locked")
	}
	form := url.Values{"unit": {"09538"}, "period": {"2019-10"}, "v.inspections": {"2"}}
	for _, c := range []*http.Client{ward, district} {
		if status, body, _ := entryPost(t, c, env.ts.URL+"/entry", form); status != http.StatusUnprocessableEntity || !strings.Contains(body, "khóa") {
			t.Errorf("write to an approved month: %d, want 422 saying it is locked", status)
		}
	}
	if status, body := send(t, env.client(), "POST", env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09538","period":"2019-10","metric":"inspections","value":2}]}`, api...); status != 422 || !strings.Contains(body, "khóa") {
		t.Errorf("API write to an approved month: %d %s", status, body)
	}
	if after := entryDump(t, env.db.Path); after != before {
		t.Errorf("writes to a locked month changed the database:\n%s", entryDiff(before, after))
	}
	if got := act(district, "reopen", ""); got != 303 || state() != oversight.StatusDraft {
		t.Fatalf("district reopens: %d %s", got, state())
	}
	if status, _, _ := entryPost(t, ward, env.ts.URL+"/entry", form); status != http.StatusSeeOther {
		t.Fatalf("ward corrects the reopened month: %d", status)
	}
	_, body, _ = get(t, ward, env.ts.URL+"/entry?unit=09538&period=2019-10")
	i := strings.Index(body, `id="entry-changed"`)
	if i < 0 || !strings.Contains(body[i:], `data-metric="inspections"`) || strings.Contains(body[i:strings.Index(body[i:], "</section>")+i], "dossiers_received") {
		t.Error("reopened month does not show exactly what changed since approval")
	}
}

// The grid saves every ward's changed cells in one transaction, or none.
func TestEntryGrid(t *testing.T) {
	env := newEnv(t)
	district := env.login(t, "canbo")
	status, body, _ := get(t, district, env.ts.URL+"/entry/grid?unit=268&period=2019-11&group=inspections")
	if status != 200 || !strings.Contains(body, "Phường Biên Giang") || !strings.Contains(body, `name="v.09538.inspections"`) {
		t.Fatalf("grid: %d", status)
	}
	before := entryDump(t, env.db.Path)
	form := url.Values{"unit": {"268"}, "period": {"2019-11"}, "group": {"inspections"},
		"v.09538.inspections": {"2"}, "v.09541.inspections": {"3"}, "v.09541.trainees": {"-4"}}
	status, body, _ = entryPost(t, district, env.ts.URL+"/entry/grid", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `value="-4"`) || !strings.Contains(body, `value="2"`) {
		t.Fatalf("grid with one bad cell: %d, want 422 keeping every cell", status)
	}
	if entryDump(t, env.db.Path) != before {
		t.Fatal("a refused grid wrote something")
	}
	form.Set("v.09541.trainees", "40")
	if status, _, _ = entryPost(t, district, env.ts.URL+"/entry/grid", form); status != http.StatusSeeOther {
		t.Fatalf("grid save: %d", status)
	}
	for code, want := range map[string]float64{"09538": 2, "09541": 3} {
		mc, _ := env.db.EntryContext(context.Background(), entryUnitID(t, env, code), oversight.NewMonth(2019, 11))
		if mc.Stored["inspections"] != want {
			t.Errorf("%s inspections = %v, want %v", code, mc.Stored["inspections"], want)
		}
	}
	// A ward clerk may change her own ward's row of the district grid, never
	// another ward's (entry_grid_own_test.go has her own row).
	ward := env.login(t, "canbophuong")
	before = entryDump(t, env.db.Path)
	form.Set("v.09541.inspections", "5")
	if status, _, _ := entryPost(t, ward, env.ts.URL+"/entry/grid", form); status != http.StatusForbidden {
		t.Errorf("ward staff changes another ward on the district grid: %d, want 403", status)
	}
	if entryDump(t, env.db.Path) != before {
		t.Error("a refused grid wrote something")
	}
	if status, _, _ := get(t, district, env.ts.URL+"/entry/grid?unit=268&period=2019-11&group=nope"); status != 400 {
		t.Errorf("unknown group: %d, want 400", status)
	}
}

func entryUpload(t *testing.T, c *http.Client, u string, name string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	return send(t, c, "POST", u, w.FormDataContentType(), b.String())
}

// Download the template, fill it as a person would, upload: preview with
// cell references, nothing written until confirmed, then all of it.
func TestEntryTemplateRoundTrip(t *testing.T) {
	env := newEnv(t)
	district := env.login(t, "canbo")
	admin, ward := env.login(t, "admin"), env.login(t, "canbophuong")
	status, body, hdr := get(t, district, env.ts.URL+"/entry/template.xlsx?unit=268&period=2019-11")
	if status != 200 || !strings.Contains(hdr.Get("Content-Disposition"), "cchc-268-2019-11.xlsx") {
		t.Fatalf("template: %d %v", status, hdr)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(xlsx.EntrySheet)
	if len(rows) != 3+17 { // title, headers, codes + 17 wards (the offices are organisations: no rows)
		t.Fatalf("template has %d rows", len(rows))
	}
	col := map[string]string{}
	for j, code := range rows[2] {
		c, _ := excelize.ColumnNumberToName(j + 1)
		col[code] = c
	}
	rowOf := map[string]int{}
	for i, r := range rows[3:] {
		rowOf[r[0]] = i + 4
	}
	set := func(unit, metric string, v any) {
		if err := f.SetCellValue(xlsx.EntrySheet, fmt.Sprintf("%s%d", col[metric], rowOf[unit]), v); err != nil {
			t.Fatal(err)
		}
	}
	set("09538", "inspections", 2)
	set("09538", "dossiers_resolved", 100)
	set("09538", "dossiers_on_time", 120) // more on time than resolved
	set("09541", "trainees", "1.200")     // typed as Vietnamese text
	var bad bytes.Buffer
	f.WriteTo(&bad)

	before := entryDump(t, env.db.Path)
	status, page := entryUpload(t, district, env.ts.URL+"/entry/import", "filled.xlsx", bad.Bytes())
	wantRef := fmt.Sprintf("Sheet1!%s%d", col["dossiers_on_time"], rowOf["09538"])
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, wantRef) || !strings.Contains(page, "đúng hạn lớn hơn số đã giải quyết") || strings.Contains(page, `id="import-confirm"`) {
		t.Fatalf("bad upload: %d, want 422 naming %s and no confirm button", status, wantRef)
	}
	if entryDump(t, env.db.Path) != before {
		t.Fatal("a refused import changed the database")
	}

	set("09538", "dossiers_on_time", 100)
	var good bytes.Buffer
	f.WriteTo(&good)
	status, page = entryUpload(t, district, env.ts.URL+"/entry/import", "filled.xlsx", good.Bytes())
	if status != 200 || !strings.Contains(page, `id="import-confirm"`) {
		t.Fatalf("good upload: %d", status)
	}
	if entryDump(t, env.db.Path) != before {
		t.Fatal("the preview wrote something before confirmation")
	}
	token := page[strings.Index(page, `name="token" value="`)+len(`name="token" value="`):]
	token = token[:strings.Index(token, `"`)]
	// Another login cannot confirm this upload.
	if st, _, _ := entryPost(t, admin, env.ts.URL+"/entry/import/confirm", url.Values{"token": {token}}); st != http.StatusConflict {
		t.Errorf("confirm from another login: %d, want 409", st)
	}
	// 100 dossiers resolved is far below this ward's usual month: the
	// preview warns, and confirming needs a reason.
	if !strings.Contains(page, "Cảnh báo") || !strings.Contains(page, `name="reason"`) {
		t.Error("preview does not show the warning and ask for a reason")
	}
	if st, _, _ := entryPost(t, district, env.ts.URL+"/entry/import/confirm", url.Values{"token": {token}}); st != http.StatusUnprocessableEntity {
		t.Errorf("confirm without a reason: %d, want 422", st)
	}
	if entryDump(t, env.db.Path) != before {
		t.Fatal("a confirmation without reason wrote something")
	}
	st, _, loc := entryPost(t, district, env.ts.URL+"/entry/import/confirm", url.Values{"token": {token}, "reason": {"Số liệu tháng 11 theo báo cáo"}})
	if st != http.StatusSeeOther || !strings.Contains(loc, "/entry/grid?unit=268") {
		t.Fatalf("confirm: %d %s", st, loc)
	}
	mc, _ := env.db.EntryContext(context.Background(), entryUnitID(t, env, "09541"), oversight.NewMonth(2019, 11))
	if mc.Stored["trainees"] != 1200 {
		t.Errorf("09541 trainees = %v, want 1200", mc.Stored["trainees"])
	}
	h, _ := env.db.ValueHistory(context.Background(), entryUnitID(t, env, "09538"), oversight.NewMonth(2019, 11))
	if len(h) != 3 || h[0].Source != "import" {
		t.Errorf("history after import: %+v", h)
	}

	// A ward's staff may not import figures of other wards: an
	// authorization refusal (403), the cells still listed.
	status, page = entryUpload(t, ward, env.ts.URL+"/entry/import", "filled.xlsx", good.Bytes())
	if status != http.StatusForbidden || !strings.Contains(page, "không được nhập số liệu cho đơn vị 09541") {
		t.Errorf("ward staff uploads the district file: %d", status)
	}
	// Not a template, and not a workbook at all.
	for name, data := range map[string][]byte{"plain.xlsx": entryPlainWorkbook(t), "notes.xlsx": []byte("hello")} {
		status, page = entryUpload(t, district, env.ts.URL+"/entry/import", name, data)
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="import-message"`) {
			t.Errorf("%s: %d, want 422 with a message", name, status)
		}
	}
}

func entryPlainWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Mã")
	var b bytes.Buffer
	f.WriteTo(&b)
	return b.Bytes()
}

// The API goes through the same checks: a warning needs a reason.
func TestEntryAPIWarningsNeedAReason(t *testing.T) {
	env := newEnv(t)
	auth := []string{"Authorization", "Bearer " + env.token(t, "canbophuong")}
	c := env.client()
	status, body := send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09538","period":"2019-11","metric":"dossiers_received","value":50000}]}`, auth...)
	if status != 422 || !strings.Contains(body, `"severity":"warning"`) || !strings.Contains(body, "reason") {
		t.Fatalf("outlier without reason: %d %s", status, body)
	}
	status, body = send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09538","period":"2019-11","metric":"dossiers_received","value":50000,"reason":"cấp đổi hàng loạt"}]}`, auth...)
	if status != 200 || !strings.Contains(body, `"changed":1`) {
		t.Fatalf("outlier with reason: %d %s", status, body)
	}
	h, _ := env.db.ValueHistory(context.Background(), entryUnitID(t, env, "09538"), oversight.NewMonth(2019, 11))
	if len(h) != 1 || h[0].Source != "api" || h[0].Reason != "cấp đổi hàng loạt" {
		t.Errorf("history %+v", h)
	}
}

// Every entry page renders for every role, in both languages, with no
// missing translation and no inline script.
func TestEntryPagesRender(t *testing.T) {
	env := newEnv(t)
	missingKey := regexp.MustCompile(`>\s*(?:[a-z_]+\.)+[a-z_]+\s*<`)
	for _, role := range []string{"admin", "daibieu", "canbo", "canbophuong", "phantich"} {
		c := env.login(t, role)
		for _, p := range []string{"/entry", "/entry?unit=268&period=2019-10", "/entry/grid?unit=268&period=2019-10&group=staff", "/entry/import",
			"/entry?unit=09538&period=2019-10&lang=en", "/entry/grid?unit=268&period=2019-10&lang=en"} {
			status, body, _ := get(t, c, env.ts.URL+p)
			if status != 200 {
				t.Errorf("%s %s: %d", role, p, status)
				continue
			}
			if m := missingKey.FindString(body); m != "" {
				t.Errorf("%s %s: untranslated key %s", role, p, m)
			}
			if regexp.MustCompile(`<script>|<script [^>]*>[^<]`).MatchString(strings.ReplaceAll(body, `<script type="application/json"`, "")) {
				t.Errorf("%s %s: inline script", role, p)
			}
		}
	}
	_, body, _ := get(t, env.login(t, "canbo"), env.ts.URL+"/entry?unit=268&period=2019-10&lang=en")
	for _, w := range []string{"Data entry", "One-stop dossiers", "Usual range", `value="246"`} {
		if !strings.Contains(body, w) {
			t.Errorf("English form lacks %q", w)
		}
	}
}
