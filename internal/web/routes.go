package web

import "github.com/gin-gonic/gin"

// access says who may reach a route. It is the first authorization
// decision; handlers that write make the second (which unit, which state),
// through the domain's rules (oversight.User, oversight.Transition).
type access int

const (
	public   access = iota // everyone, logged in or not
	loggedIn               // any logged-in user: everyone reads everything
	admins                 // administrators only
	api                    // /api/v1: a login session or a bearer token
)

// route is one row of the routing table.
type route struct {
	method  string
	path    string // under /api/v1 for api routes
	access  access
	handler gin.HandlerFunc
}

// table is every page and API route cchc answers, with who may call it.
// The security test checks every registered route against its expected
// status for each role.
func (s *Server) table() []route {
	return []route{
		{"GET", "/healthz", public, s.healthz},
		{"GET", "/static/:hash/*name", public, s.serveAsset},
		{"GET", "/login", public, s.loginPage},
		{"POST", "/login", public, s.login},
		{"GET", "/lang/:lang", public, s.switchLang},

		{"POST", "/logout", loggedIn, s.logout},

		// Dashboards: rendered once per change of their data (pagecache.go).
		{"GET", "/", loggedIn, s.cachedPages(s.home)},
		{"GET", "/dashboard", loggedIn, s.cachedPages(s.dashboard)},
		{"GET", "/dashboard/brief", loggedIn, s.cachedPages(s.dashBrief)},

		// Units: everyone reads, administrators change the tree.
		{"GET", "/units", loggedIn, s.unitsPage},
		{"GET", "/units/:code", loggedIn, s.unitPage},
		{"POST", "/units/:code/children", admins, s.addChildUnit},
		{"POST", "/units/:code/organisations", admins, s.addOrganisation},
		{"POST", "/units/:code/rename", admins, s.renameUnit},
		{"POST", "/units/:code/retire", admins, s.retireUnit},

		// Entry: reading is open to every logged-in user; writes are
		// checked per unit in the handlers and, for workflow actions, by
		// oversight.Transition.
		{"GET", "/entry", loggedIn, s.entryPage},
		{"POST", "/entry", loggedIn, s.entrySave},
		{"POST", "/entry/status", loggedIn, s.entryStatus},
		{"GET", "/entry/grid", loggedIn, s.entryGrid},
		{"POST", "/entry/grid", loggedIn, s.entryGridSave},
		{"GET", "/entry/template.xlsx", loggedIn, s.entryTemplate},
		{"GET", "/entry/import", loggedIn, s.entryImportPage},
		{"POST", "/entry/import", loggedIn, s.entryImportUpload},
		{"POST", "/entry/import/confirm", loggedIn, s.entryImportConfirm},
		{"POST", "/entry/import/cancel", loggedIn, s.entryImportCancel},

		// Supervision sessions and recommendations: role rules in handlers.
		{"GET", "/sessions", loggedIn, s.sessionsPage},
		{"GET", "/sessions/new", loggedIn, s.newSessionPage},
		{"POST", "/sessions", loggedIn, s.createSession},
		{"GET", "/sessions/:id", loggedIn, s.sessionPage},
		{"GET", "/sessions/:id/edit", loggedIn, s.editSessionPage},
		{"POST", "/sessions/:id", loggedIn, s.updateSession},
		{"POST", "/sessions/:id/figures", loggedIn, s.addFigure},
		{"POST", "/sessions/:id/figures/:fid", loggedIn, s.editFigure},
		{"POST", "/sessions/:id/figures/:fid/withdraw", loggedIn, s.withdrawFigure},
		{"POST", "/sessions/:id/pull", loggedIn, s.pullFigures},
		{"POST", "/sessions/:id/indicators", loggedIn, s.addIndicator},
		{"POST", "/sessions/:id/indicators/:iid/withdraw", loggedIn, s.withdrawIndicator},
		{"GET", "/indicators", loggedIn, s.indicatorsPage},
		{"POST", "/sessions/:id/recommendations", loggedIn, s.addRecommendation},
		{"GET", "/sessions/:id/print", loggedIn, s.sessionPrintPage},
		{"GET", "/sessions/:id/xlsx", loggedIn, s.sessionXLSX},
		// Supervision programmes (đợt giám sát): role rules in handlers.
		{"GET", "/programmes", loggedIn, s.programmesPage},
		{"GET", "/programmes/new", loggedIn, s.newProgrammePage},
		{"POST", "/programmes", loggedIn, s.createProgramme},
		{"GET", "/programmes/:id", loggedIn, s.programmePage},
		{"GET", "/programmes/:id/edit", loggedIn, s.editProgrammePage},
		{"POST", "/programmes/:id", loggedIn, s.updateProgramme},
		{"GET", "/programmes/:id/print", loggedIn, s.programmePrintPage},
		{"GET", "/recommendations", loggedIn, s.trackerPage},
		{"GET", "/recommendations/digest", loggedIn, s.digestPage},
		{"GET", "/recommendations/digest.xlsx", loggedIn, s.digestXLSX},
		{"POST", "/recommendations/:rid/followups", loggedIn, s.postFollowUp},
		{"POST", "/recommendations/:rid/actions", loggedIn, s.postRecAction},
		{"POST", "/recommendations/:rid/edit", loggedIn, s.editRecommendation},
		{"POST", "/recommendations/:rid/withdraw", loggedIn, s.withdrawRecommendation},
		// Evidence is served only to logged-in users, never from /static.
		{"GET", "/evidence/:sha", loggedIn, s.serveEvidence},

		// Exports: every role reads every figure, so every role may
		// export (oversight.User.CanExport); the handlers check it again.
		{"GET", "/export", loggedIn, s.exportPage},
		{"GET", "/export/file", loggedIn, s.exportFile},

		// Administration.
		{"GET", "/admin", admins, s.adminHome},
		{"GET", "/admin/users", admins, s.adminUsers},
		{"POST", "/admin/users", admins, s.adminCreateUser},
		{"GET", "/admin/users/:id", admins, s.adminUser},
		{"POST", "/admin/users/:id", admins, s.adminUpdateUser},
		{"POST", "/admin/users/:id/password", admins, s.adminResetPassword},
		{"GET", "/admin/tokens", admins, s.adminTokens},
		{"POST", "/admin/tokens/:id/revoke", admins, s.adminRevokeToken},
		{"GET", "/admin/audit", admins, s.adminAudit},

		// The JSON API (docs/API.md).
		{"GET", "/units", api, s.apiUnits},
		{"GET", "/units/search", api, s.apiUnitSearch}, // the unit typeahead
		{"GET", "/metrics", api, s.apiMetrics},
		{"GET", "/values", api, s.apiValues},
		{"GET", "/completeness", api, s.apiCompleteness},
		{"POST", "/values", api, s.apiPutValues}, // staff: own subtree only; admin: all
		{"GET", "/sessions", api, s.apiSessions},
		{"POST", "/sessions", api, s.apiCreateSession},
		{"GET", "/sessions/:id", api, s.apiSession},
		{"PUT", "/sessions/:id", api, s.apiUpdateSession},
		{"POST", "/sessions/:id/recommendations", api, s.apiAddRecommendation},
		{"POST", "/sessions/:id/figures", api, s.apiAddFigure},
		{"PUT", "/sessions/:id/figures/:fid", api, s.apiEditFigure},
		{"DELETE", "/sessions/:id/figures/:fid", api, s.apiWithdrawFigure}, // withdraws: the figure stays on record
		{"POST", "/sessions/:id/indicators", api, s.apiAddIndicator},
		{"GET", "/indicators", api, s.apiIndicators},
		{"GET", "/programmes", api, s.apiProgrammes},
		{"POST", "/programmes", api, s.apiCreateProgramme},
		{"GET", "/programmes/:id", api, s.apiProgramme},
		{"PUT", "/programmes/:id", api, s.apiUpdateProgramme},
		{"GET", "/recommendations", api, s.apiRecommendations},
		{"GET", "/recommendations/:rid", api, s.apiRecommendation},
		{"PUT", "/recommendations/:rid", api, s.apiEditRecommendation},
		{"DELETE", "/recommendations/:rid", api, s.apiWithdrawRecommendation}, // withdraws
		{"POST", "/recommendations/:rid/followups", api, s.apiFollowUp},
		{"POST", "/recommendations/:rid/actions", api, s.apiRecAction},
		{"GET", "/export", api, s.apiExport},
	}
}

// routes registers the table on e, each route behind its access check.
func (s *Server) routes(e *gin.Engine) {
	groups := map[access]gin.IRoutes{
		public:   e,
		loggedIn: e.Group("/", s.requireLogin),
		admins:   e.Group("/", s.requireLogin, s.requireAdmin),
		api:      e.Group("/api/v1", s.requireLogin),
	}
	for _, r := range s.table() {
		groups[r.access].Handle(r.method, r.path, r.handler)
	}
}
