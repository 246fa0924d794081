package web

import "github.com/gin-gonic/gin"

// routes declares every address. Each route's authorization decision is
// made here (who may reach it) and, for writes, again in its handler
// (which unit it may touch); auth_test.go checks both.
func (s *Server) routes(e *gin.Engine) {
	// Open to everyone.
	e.GET("/healthz", s.healthz)
	e.GET("/static/:hash/*name", s.serveAsset)
	e.GET("/login", s.loginPage)
	e.POST("/login", s.login)
	e.GET("/lang/:lang", s.switchLang)

	// Logged-in users of every role: everyone reads everything.
	in := e.Group("/", s.requireLogin)
	in.POST("/logout", s.logout)
	in.GET("/", s.home)
	in.GET("/dashboard", s.dashboard)
	in.GET("/units", s.unitsPage)
	in.GET("/units/:code", s.unitPage)
	in.GET("/sessions", s.sessionsPage)
	in.GET("/sessions/:id", s.sessionPage)

	// Administrators only.
	admin := in.Group("/", s.requireAdmin)
	admin.POST("/units/:code/children", s.addChildUnit)
	admin.POST("/units/:code/rename", s.renameUnit)
	admin.POST("/units/:code/retire", s.retireUnit)

	api := e.Group("/api/v1", s.requireLogin)
	api.GET("/units", s.apiUnits)
	api.GET("/metrics", s.apiMetrics)
	api.GET("/values", s.apiValues)
	api.POST("/values", s.apiPutValues) // staff: own subtree only; admin: all
	api.GET("/sessions", s.apiSessions)
	api.GET("/sessions/:id", s.apiSession)
}
