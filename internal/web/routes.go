package web

import "github.com/gin-gonic/gin"

// groups are the route groups a feature adds its routes to. Every route's
// authorization decision is made by the group it joins (who may reach it)
// and, for writes, again in its handler (which unit it may touch).
type groups struct {
	open  *gin.Engine      // everyone, logged in or not
	in    *gin.RouterGroup // any logged-in user: everyone reads everything
	admin *gin.RouterGroup // administrators only
	api   *gin.RouterGroup // /api/v1, login session or bearer token
}

// features lists the functions that add each feature's routes; each
// feature's file registers its own from init, so features do not all
// edit one routes table.
var features []func(*Server, groups)

func registerRoutes(f func(*Server, groups)) { features = append(features, f) }

func (s *Server) routes(e *gin.Engine) {
	g := groups{open: e}
	e.GET("/healthz", s.healthz)
	e.GET("/static/:hash/*name", s.serveAsset)
	e.GET("/login", s.loginPage)
	e.POST("/login", s.login)
	e.GET("/lang/:lang", s.switchLang)

	g.in = e.Group("/", s.requireLogin)
	g.in.POST("/logout", s.logout)
	g.in.GET("/units", s.unitsPage)
	g.in.GET("/units/:code", s.unitPage)

	g.admin = g.in.Group("/", s.requireAdmin)
	g.admin.POST("/units/:code/children", s.addChildUnit)
	g.admin.POST("/units/:code/rename", s.renameUnit)
	g.admin.POST("/units/:code/retire", s.retireUnit)

	g.api = e.Group("/api/v1", s.requireLogin)
	g.api.GET("/units", s.apiUnits)
	g.api.GET("/metrics", s.apiMetrics)
	g.api.GET("/values", s.apiValues)

	for _, f := range features {
		f(s, g)
	}
}
