package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// The shared steps of the handlers that create and update a record (a
// session, a programme): the path's id, the store call, and the answer.
// Each resource keeps its own binding and its own rights check, so the
// security table still pins what each route decides; these helpers only
// hold the steps that were written out again for every resource.

// pathID reads a positive id from the path parameter name; anything else
// is notFound (a made-up id and a malformed one look the same).
func pathID(c *gin.Context, name string, notFound *oversight.Error) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound
	}
	return id, nil
}

// store saves v through create (id 0) or update, and gives the id saved.
type store[T any] struct {
	create func(context.Context, T, sqlite.Actor) (int64, error)
	update func(context.Context, int64, T, sqlite.Actor) error
}

func (st store[T]) save(ctx context.Context, id int64, v T, a sqlite.Actor) (int64, error) {
	if id == 0 {
		return st.create(ctx, v, a)
	}
	return id, st.update(ctx, id, v, a)
}

// apiSave answers a JSON create (id 0, 201) or update (200) of a record
// built from the request body: the caller must be a manager; the saved
// record is read back and answered as answer makes it.
func apiSave[In, T, Saved any](s *Server, c *gin.Context, id int64, build func(*In) (T, error),
	st store[T], load func(context.Context, int64) (Saved, error), answer func(Saved) any) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	var in In
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	v, err := build(&in)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	status := http.StatusOK
	if id == 0 {
		status = http.StatusCreated
	}
	if id, err = st.save(ctx, id, v, actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	saved, err := load(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, answer(saved))
}

// formSave saves a record typed in a page form unless the form already
// holds errors. A refusal the user can mend (shownOnForm) joins errs under
// its field and the form is shown again, with what was typed, as 422; any
// other error is answered as a failure. On success the user goes to
// path/<id> with a flash saying it was saved.
func formSave[T any](s *Server, c *gin.Context, id int64, v T, errs map[string]string, st store[T],
	shownOnForm func(error) bool, again func(status int), path string) {
	l := lang(c)
	if len(errs) == 0 {
		var err error
		if id, err = st.save(c.Request.Context(), id, v, actor(c)); err != nil {
			if !shownOnForm(err) {
				s.fail(c, err)
				return
			}
			errs[fieldOf(err, "unit")] = text.Error(err, l)
		}
	}
	if len(errs) > 0 {
		c.Set(flashKey, translate(l, "sessions.fix"))
		again(http.StatusUnprocessableEntity)
		return
	}
	s.setFlash(c, translate(l, "sessions.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d", path, id))
}

// apiChange is the one shape of a JSON change to something that exists:
// only managers; load finds it (refusing what the caller may not see)
// before the body is read; the body is bound into In; change stores; answer
// replies with what is stored now.
func apiChange[T, In any](s *Server, c *gin.Context, load func(*gin.Context) (T, error), change func(T, *In) error, answer func(T)) {
	v, ok := managerLoads(s, c, load)
	if !ok {
		return
	}
	var in In
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := change(v, &in); err != nil {
		s.fail(c, err)
		return
	}
	answer(v)
}

// firstFormError turns the refusals of a form read for the API, once in
// each language (vi, en: field -> message), into the one error the API
// answers: the first field by name, with its message in both languages.
func firstFormError(vi, en map[string]string) error {
	if len(vi) == 0 {
		return nil
	}
	keys := make([]string, 0, len(vi))
	for k := range vi {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	k := keys[0]
	return formError(k, vi[k], en[k])
}

// formError is the refusal of a form field whose message the form wrote
// as it checked, once in each language (forms render their messages as
// they read; the API answers in the caller's language).
func formError(field, vi, en string) error {
	return &oversight.Error{Code: oversight.EInvalid, Field: field, Key: "error.as_written", Args: []any{written{vi, en}}}
}

// written is a message already written in Vietnamese and in English.
type written struct{ vi, en string }

// In returns the message in lang (text.Localizer).
func (w written) In(lang string) string {
	if lang == text.EN {
		return w.en
	}
	return w.vi
}

// managerLoads is the start of a handler that changes something that
// exists: only managers, then load finds it (refusing what the caller may
// not see). It answers the refusal itself; ok is false then.
func managerLoads[T any](s *Server, c *gin.Context, load func(*gin.Context) (T, error)) (v T, ok bool) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return v, false
	}
	v, err := load(c)
	if err != nil {
		s.fail(c, err)
		return v, false
	}
	return v, true
}

// withID calls then with the id parse reads from the path, or answers
// parse's refusal.
func (s *Server) withID(c *gin.Context, parse func(*gin.Context) (int64, error), then func(*gin.Context, int64)) {
	id, err := parse(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	then(c, id)
}
