package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// sessionChange is the one way a change typed on a session's page (a
// recommendation, a follow-up or an action on one, a recorded or reported
// figure, a correction or a withdrawal) is stored and answered.
type sessionChange struct {
	sess oversight.Session
	// errs holds the form's own refusals, found before storing; write is
	// called only when there are none.
	errs  map[string]string
	write func() error
	// field names the input a refusal of write belongs to.
	field func(error) string
	// mend puts the form, as typed and with errs, back on the page.
	mend func(d *sessionData)
	// flash is the key of the words saying it was saved; anchor the part
	// of the session page to go back to.
	flash, anchor string
}

// fieldOr places a refusal under the input it names, else under def.
func fieldOr(def string) func(error) string {
	return func(err error) string { return fieldOf(err, def) }
}

// under places every refusal under name.
func under(name string) func(error) string { return func(error) string { return name } }

// sessionPageChange stores ch and answers: a refusal the user can mend (an
// invalid input) joins ch.errs and the session page is shown again, 422,
// with the form as typed; any other error is a failure; on success a flash
// and back to the anchor.
func (s *Server) sessionPageChange(c *gin.Context, ch sessionChange) {
	l := lang(c)
	if ch.errs == nil {
		ch.errs = map[string]string{}
	}
	if len(ch.errs) == 0 {
		if err := ch.write(); err != nil {
			if oversight.ErrorCode(err) != oversight.EInvalid {
				s.fail(c, err)
				return
			}
			ch.errs[ch.field(err)] = text.Error(err, l)
		}
	}
	if len(ch.errs) > 0 {
		s.showSession(c, http.StatusUnprocessableEntity, "session", ch.sess, ch.mend)
		return
	}
	s.setFlash(c, translate(l, ch.flash))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#%s", ch.sess.ID, ch.anchor))
}

// recAt is the recommendation id shown on the page, or nil.
func (d *sessionData) recAt(id int64) *recView {
	for i := range d.Recs {
		if d.Recs[i].ID == id {
			return &d.Recs[i]
		}
	}
	return nil
}

// figAt is the recorded figure id shown on the page, or nil.
func (d *sessionData) figAt(id int64) *figureView {
	for i := range d.Figures {
		if d.Figures[i].ID == id {
			return &d.Figures[i]
		}
	}
	return nil
}
