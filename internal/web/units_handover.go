package web

import "github.com/gin-gonic/gin"

// recordsHistory reports whether an administrator ticked "record history"
// on a session or recommendation form: the unit need not have existed on
// the session's day (oversight.CheckDatedIn). Anyone else's tick is
// ignored, and the refusal then stands.
func recordsHistory(c *gin.Context) bool {
	u := currentUser(c)
	return c.PostForm("history") != "" && u != nil && u.CanAdminister()
}
