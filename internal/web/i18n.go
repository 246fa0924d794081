package web

// messages holds the UI's words: key -> {Vietnamese, English}. A missing
// key shows itself, so a test that renders every page finds it.
var messages = map[string][2]string{
	"app.name":              {"Giám sát cải cách hành chính", "Administrative reform oversight"},
	"app.short":             {"CCHC", "PAR"},
	"nav.dashboard":         {"Tổng quan", "Dashboard"},
	"nav.units":             {"Đơn vị", "Units"},
	"nav.entry":             {"Nhập liệu", "Data entry"},
	"nav.recommendations":   {"Kiến nghị", "Recommendations"},
	"nav.export":            {"Báo cáo", "Reports"},
	"nav.admin":             {"Quản trị", "Administration"},
	"nav.sessions":          {"Giám sát", "Supervision"},
	"nav.logout":            {"Đăng xuất", "Log out"},
	"nav.login":             {"Đăng nhập", "Log in"},
	"lang.switch":           {"English", "Tiếng Việt"},
	"login.title":           {"Đăng nhập", "Log in"},
	"login.username":        {"Tên đăng nhập", "User name"},
	"login.password":        {"Mật khẩu", "Password"},
	"login.submit":          {"Đăng nhập", "Log in"},
	"login.failed":          {"Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password."},
	"login.required":        {"Vui lòng đăng nhập để tiếp tục.", "Please log in to continue."},
	"demo.banner":           {"CHẾ ĐỘ DEMO: các tài khoản dùng mật khẩu công khai. Không dùng cho dữ liệu thật.", "DEMO MODE: the accounts have public passwords. Do not use for real data."},
	"demo.illustrative":     {"Số liệu theo tháng và theo phường là minh họa: chỉ các tổng số khớp với báo cáo giám sát ngày 13/11/2019.", "The per-month and per-ward figures are illustrative: only the totals match the supervision report of 13/11/2019."},
	"dash.title":            {"Tổng quan", "Dashboard"},
	"dash.span":             {"Kỳ", "Span"},
	"dash.from":             {"Từ tháng", "From"},
	"dash.to":               {"Đến tháng", "To"},
	"dash.show":             {"Xem", "Show"},
	"dash.nodata":           {"Chưa có số liệu cho đơn vị và kỳ này.", "No figures for this unit and span yet."},
	"kpi.received":          {"Hồ sơ tiếp nhận", "Dossiers received"},
	"kpi.ontime":            {"Tỷ lệ giải quyết đúng hạn", "On-time rate"},
	"kpi.procedures":        {"TTHC niêm yết công khai", "Procedures listed"},
	"kpi.staff":             {"CB, CC, VC được đánh giá", "Staff evaluated"},
	"kpi.staff_ok":          {"Hoàn thành nhiệm vụ trở lên", "Completed or above"},
	"kpi.latest":            {"tháng gần nhất", "latest month"},
	"kpi.none":              {"—", "—"},
	"chart.trend":           {"Hồ sơ tiếp nhận và tỷ lệ đúng hạn theo tháng", "Dossiers received and on-time rate by month"},
	"chart.children":        {"Hồ sơ tiếp nhận theo đơn vị trực thuộc", "Dossiers received by subordinate unit"},
	"chart.ontime":          {"Tỷ lệ đúng hạn", "On-time rate"},
	"chart.table":           {"Bảng số liệu của biểu đồ", "The chart's figures as a table"},
	"month":                 {"Tháng", "Month"},
	"unit":                  {"Đơn vị", "Unit"},
	"unit.kind":             {"Loại", "Kind"},
	"unit.code":             {"Mã", "Code"},
	"unit.code.unofficial":  {"mã nội bộ", "internal code"},
	"unit.valid":            {"Hiệu lực", "Valid"},
	"unit.valid_to":         {"đến", "until"},
	"unit.valid_from":       {"từ", "from"},
	"unit.valid_from_label": {"Hiệu lực từ ngày", "Valid from"},
	"unit.children":         {"Đơn vị trực thuộc", "Subordinate units"},
	"unit.parent":           {"Cấp trên", "Parent"},
	"unit.predecessors":     {"Hình thành từ (01/07/2025)", "Formed from (01/07/2025)"},
	"unit.successors":       {"Sáp nhập vào (01/07/2025)", "Merged into (01/07/2025)"},
	"unit.dashboard":        {"Xem tổng quan", "Open dashboard"},
	"unit.retired":          {"đã giải thể", "dissolved"},
	"unit.own":              {"Số liệu của riêng đơn vị", "The unit's own figures"},
	"unit.subtree":          {"Cả đơn vị và cấp dưới", "Unit and its subtree"},
	"unit.recs":             {"Kiến nghị do đơn vị chủ trì", "Recommendations led by this unit"},
	"unit.admin":            {"Quản lý đơn vị", "Manage unit"},
	"unit.add_child":        {"Thêm đơn vị trực thuộc", "Add a subordinate unit"},
	"unit.name":             {"Tên", "Name"},
	"unit.rename":           {"Đổi tên", "Rename"},
	"unit.retire":           {"Giải thể từ ngày", "Dissolve on"},
	"unit.saved":            {"Đã lưu.", "Saved."},
	"units.title":           {"Cây đơn vị hành chính", "Administrative units"},
	"session.title":         {"Buổi giám sát", "Supervision session"},
	"sessions.title":        {"Các buổi giám sát", "Supervision sessions"},
	"sessions.none":         {"Chưa có buổi giám sát nào.", "No supervision sessions yet."},
	"session.date":          {"Ngày", "Date"},
	"session.body":          {"Chủ thể giám sát", "Supervising body"},
	"session.leader":        {"Trưởng đoàn", "Leader"},
	"session.topic":         {"Nội dung", "Topic"},
	"session.form":          {"Hình thức", "Form"},
	"session.term":          {"Nhiệm kỳ", "Term"},
	"session.unit":          {"Đơn vị được giám sát", "Supervised unit"},
	"session.span":          {"Số liệu trong kỳ", "Figures cover"},
	"session.summary":       {"Kết quả", "Results"},
	"session.figures":       {"Số liệu báo cáo", "Figures reported"},
	"session.findings":      {"Nhận xét", "Findings"},
	"session.discussion":    {"Các vấn đề trao đổi", "Points discussed"},
	"session.conclusion":    {"Kết luận", "Conclusion"},
	"session.recs":          {"Kiến nghị", "Recommendations"},
	"session.source":        {"Nguồn", "Source"},
	"session.recorded":      {"Số liệu đã ghi nhận", "Recorded"},
	"session.reported":      {"Báo cáo", "Reported"},
	"session.verified":      {"đã xác minh", "verified"},
	"session.asreported":    {"theo báo cáo", "as reported"},
	"session.print":         {"In báo cáo", "Print"},
	"scope.unit":            {"cấp quận (đơn vị)", "the unit itself"},
	"scope.children_total":  {"tổng các đơn vị trực thuộc", "all subordinate units together"},
	"scope.each_child":      {"mỗi đơn vị trực thuộc", "each subordinate unit"},
	"rec.content":           {"Nội dung", "Content"},
	"rec.lead":              {"Đơn vị chủ trì", "Lead unit"},
	"rec.co":                {"Phối hợp", "With"},
	"rec.responsible":       {"Người chịu trách nhiệm", "Responsible"},
	"rec.output":            {"Sản phẩm", "Output"},
	"rec.deadline":          {"Thời hạn", "Deadline"},
	"rec.status":            {"Trạng thái", "Status"},
	"rec.overdue":           {"quá hạn", "overdue"},
	"rec.followups":         {"Theo dõi thực hiện", "Follow-up"},
	"metric":                {"Chỉ tiêu", "Metric"},
	"value":                 {"Giá trị", "Value"},
	"note":                  {"Ghi chú", "Note"},
	"error.title":           {"Có lỗi", "Something went wrong"},
	"error.back":            {"Quay lại trang tổng quan", "Back to the dashboard"},
	"forbidden":             {"Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this."},
}

// addMessages registers more of the UI's words; each feature keeps its
// own in its own file and calls this from init. A key defined twice is a
// programming error and stops the program at start.
func addMessages(m map[string][2]string) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("i18n: message " + k + " defined twice")
		}
		messages[k] = v
	}
}

// translate returns the text of key in lang.
func translate(lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}
