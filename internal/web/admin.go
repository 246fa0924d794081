package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// adminUserForm keeps what an administrator typed when it is refused.
type adminUserForm struct {
	Name, Role, Unit string
	Disabled         bool
	Errors           map[string]string
}

type adminUsersData struct {
	Users []oversight.User
	Roles []oversight.Role
	Form  adminUserForm
}

type adminUserData struct {
	User  oversight.User
	Roles []oversight.Role
	Form  adminUserForm
	// PassError is the reason a new password was refused.
	PassError string
}

func (s *Server) adminHome(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/admin/users") }

func (s *Server) adminUsers(c *gin.Context) {
	s.showAdminUsers(c, http.StatusOK, adminUserForm{Role: string(oversight.RoleStaff)})
}

func (s *Server) showAdminUsers(c *gin.Context, status int, form adminUserForm) {
	ctx := c.Request.Context()
	users, err := s.db.Users(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "admin_users", translate(lang(c), "admin.users.title"),
		adminUsersData{Users: users, Roles: oversight.Roles, Form: form})
}

func (s *Server) adminCreateUser(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	form := adminUserForm{Name: strings.TrimSpace(c.PostForm("name")), Role: c.PostForm("role"), Unit: strings.TrimSpace(c.PostForm("unit")),
		Errors: map[string]string{}}
	pass := c.PostForm("password")
	role, err := oversight.ParseRole(form.Role)
	if err != nil {
		form.Errors["role"] = text.Error(err, l)
	}
	if form.Name == "" {
		form.Errors["name"] = translate(l, "admin.users.name_required")
	}
	if err := oversight.CheckPassword(pass); err != nil {
		form.Errors["password"] = text.Error(err, l)
	}
	if role == oversight.RoleStaff && form.Unit == "" {
		form.Errors["unit"] = translate(l, "admin.users.unit_required")
	}
	if role != oversight.RoleStaff {
		form.Unit = ""
	}
	if len(form.Errors) > 0 {
		s.showAdminUsers(c, http.StatusUnprocessableEntity, form)
		return
	}
	hash, err := password.Hash(pass)
	if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.db.CreateUser(ctx, form.Name, role, form.Unit, hash, actor(c))
	if err != nil {
		if code := oversight.ErrorCode(err); code == oversight.EInvalid || code == oversight.EConflict {
			form.Errors[fieldOf(err, "name")] = text.Error(err, l)
			s.showAdminUsers(c, http.StatusUnprocessableEntity, form)
			return
		}
		s.fail(c, err)
		return
	}
	s.setFlash(c, fmt.Sprintf(translate(l, "admin.users.created"), u.Name))
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

func userIDParam(c *gin.Context) (int64, error) {
	return pathID(c, "id", oversight.Errf(oversight.ENotFound, "err.user_not_found"))
}

func (s *Server) adminUser(c *gin.Context) {
	s.showAdminUser(c, http.StatusOK, nil, "")
}

// showAdminUser renders one user's page; form is nil to show the stored
// values, or what the administrator typed when it was refused.
func (s *Server) showAdminUser(c *gin.Context, status int, form *adminUserForm, passErr string) {
	ctx := c.Request.Context()
	id, err := userIDParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.db.UserByID(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := adminUserData{User: u, Roles: oversight.Roles, PassError: passErr}
	if form != nil {
		d.Form = *form
	} else {
		d.Form = adminUserForm{Name: u.Name, Role: string(u.Role), Unit: u.UnitCode, Disabled: u.Disabled}
	}
	s.render(c, status, "admin_user", u.Name, d)
}

func (s *Server) adminUpdateUser(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	id, err := userIDParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	form := adminUserForm{Role: c.PostForm("role"), Unit: strings.TrimSpace(c.PostForm("unit")), Disabled: c.PostForm("disabled") != "",
		Errors: map[string]string{}}
	role, err := oversight.ParseRole(form.Role)
	if err != nil {
		form.Errors["role"] = text.Error(err, l)
	}
	// An administrator cannot lock themselves out: someone must remain
	// able to manage accounts.
	if me := currentUser(c); me.ID == id && (form.Disabled || role != oversight.RoleAdmin) {
		form.Errors["role"] = translate(l, "admin.users.not_self")
	}
	if len(form.Errors) == 0 {
		var u oversight.User
		u, err = s.db.UpdateUser(ctx, id, sqlite.UserUpdate{Role: role, UnitCode: form.Unit, Disabled: form.Disabled}, actor(c))
		if err == nil {
			s.setFlash(c, fmt.Sprintf(translate(l, "admin.users.saved"), u.Name))
			c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(id, 10))
			return
		}
		if oversight.ErrorCode(err) != oversight.EInvalid {
			s.fail(c, err)
			return
		}
		form.Errors[fieldOf(err, "unit")] = text.Error(err, l)
	}
	s.showAdminUser(c, http.StatusUnprocessableEntity, &form, "")
}

func (s *Server) adminResetPassword(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	id, err := userIDParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	pass := c.PostForm("password")
	if err := oversight.CheckPassword(pass); err != nil {
		s.showAdminUser(c, http.StatusUnprocessableEntity, nil, text.Error(err, l))
		return
	}
	if pass != c.PostForm("confirm") {
		s.showAdminUser(c, http.StatusUnprocessableEntity, nil, translate(l, "admin.users.confirm_mismatch"))
		return
	}
	hash, err := password.Hash(pass)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.db.SetPassword(ctx, id, hash, actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	if me := currentUser(c); me.ID == id {
		// Resetting one's own password ends every session, this one too;
		// keep this one alive with the new generation.
		if u, err := s.db.UserByID(ctx, id); err == nil {
			s.sessions.Put(ctx, "session_gen", u.SessionGen)
		}
	}
	s.setFlash(c, translate(l, "admin.users.password_reset"))
	c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(id, 10))
}

func (s *Server) adminTokens(c *gin.Context) {
	toks, err := s.db.Tokens(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "admin_tokens", translate(lang(c), "admin.tokens.title"), toks)
}

func (s *Server) adminRevokeToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, oversight.Errf(oversight.ENotFound, "err.api_token_not_found"))
		return
	}
	if err := s.db.RevokeToken(c.Request.Context(), id, actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, translate(lang(c), "admin.tokens.revoked"))
	c.Redirect(http.StatusSeeOther, "/admin/tokens")
}

type adminAuditData struct {
	Entries []auditRow
	Actions []auditActionRow
	Action  string
	User    string
	// Next is the id the next (older) page starts below; 0 on the last page.
	Next int64
}

const auditPageSize = 100

// auditRow is an audit entry with its action in words.
type auditRow struct {
	sqlite.AuditEntry
	Label string
}

type auditActionRow struct {
	sqlite.AuditCount
	Label string
}

// auditLabel names an action in lang; actions other features add without
// a name show as their code, so every action in the log can be seen.
func auditLabel(l, action string) string {
	if text.Has("admin.audit.action." + action) {
		return translate(l, "admin.audit.action."+action)
	}
	return action
}

func (s *Server) adminAudit(c *gin.Context) {
	ctx := c.Request.Context()
	d, err := s.auditData(ctx, lang(c), c.Query("action"), c.Query("user"), c.Query("before"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "admin_audit", translate(lang(c), "admin.audit.title"), d)
}

func (s *Server) auditData(ctx context.Context, l, action, user, before string) (adminAuditData, error) {
	d := adminAuditData{Action: action, User: user}
	f := sqlite.AuditFilter{Action: action, User: user, Limit: auditPageSize + 1}
	if before != "" {
		b, err := strconv.ParseInt(before, 10, 64)
		if err != nil || b <= 0 {
			return d, oversight.Errf(oversight.EInvalid, "err.invalid_before_parameter")
		}
		f.Before = b
	}
	entries, err := s.db.AuditPage(ctx, f)
	if err != nil {
		return d, err
	}
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		d.Next = entries[auditPageSize-1].ID
	}
	for _, e := range entries {
		d.Entries = append(d.Entries, auditRow{e, auditLabel(l, e.Action)})
	}
	actions, err := s.db.AuditActions(ctx)
	for _, a := range actions {
		d.Actions = append(d.Actions, auditActionRow{a, auditLabel(l, a.Action)})
	}
	return d, err
}
