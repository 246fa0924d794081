package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
)

// The API of a session's reported figures (docs/API.md).

// apiFigureIn is a new reported figure as the API takes it.
type apiFigureIn struct {
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Scope    string   `json:"scope"`
	From     string   `json:"span_from"`
	To       string   `json:"span_to"`
	Value    *float64 `json:"value"`
	ValueMax *float64 `json:"value_max"`
	Verified bool     `json:"verified"`
	Note     string   `json:"note"`
	Source   string   `json:"source"`
}

// apiFigureEdit is a correction of a figure: an omitted field keeps its
// value; the reason is required.
type apiFigureEdit struct {
	Value    *float64 `json:"value"`
	ValueMax *float64 `json:"value_max"`
	Note     *string  `json:"note"`
	Source   *string  `json:"source"`
	Reason   string   `json:"reason"`
}

type apiWithdrawIn struct {
	Reason string `json:"reason"`
}

func valueRequired() error {
	return &oversight.Error{Code: oversight.EInvalid, Field: "value", Key: "err.value_required"}
}

func (s *Server) apiAddFigure(c *gin.Context) {
	var id int64
	apiChange(s, c, s.loadSession, func(sess oversight.Session, in *apiFigureIn) error {
		fig, err := newFigure(sess, strings.TrimSpace(in.Metric), strings.TrimSpace(in.Unit), in.Scope, in.From, in.To,
			strings.TrimSpace(in.Note), strings.TrimSpace(in.Source))
		if err == nil && in.Value == nil {
			err = valueRequired()
		}
		if err == nil {
			fig.Value, fig.ValueMax, fig.Verified = *in.Value, in.ValueMax, in.Verified
			err = checkFigureValues(fig)
		}
		if err == nil {
			id, err = s.db.AddFigure(c.Request.Context(), sess.ID, fig, actor(c))
		}
		return err
	}, func(sess oversight.Session) { s.apiFigureAnswer(c, http.StatusCreated, sess.ID, id) })
}

// apiFigureAnswer answers a figure as it is stored now.
func (s *Server) apiFigureAnswer(c *gin.Context, status int, sessionID, figureID int64) {
	saved, err := s.db.Session(c.Request.Context(), sessionID)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, f := range saved.Figures {
		if f.ID == figureID {
			c.JSON(status, figJSON(f))
			return
		}
	}
	s.fail(c, fmt.Errorf("figure %d of session %d not found after saving", figureID, sessionID))
}

func (s *Server) apiEditFigure(c *gin.Context) {
	apiChange(s, c, s.loadSessionFigure, func(sf sessionFigure, in *apiFigureEdit) error {
		fig := sf.fig
		if in.Value != nil {
			fig.Value = *in.Value
		}
		if in.ValueMax != nil {
			fig.ValueMax = in.ValueMax
		}
		if in.Note != nil {
			fig.Note = strings.TrimSpace(*in.Note)
		}
		if in.Source != nil {
			fig.Source = strings.TrimSpace(*in.Source)
		}
		err := checkFigureValues(fig)
		if err == nil {
			err = s.db.UpdateFigure(c.Request.Context(), sf.sess.ID, fig, in.Reason, actor(c))
		}
		return err
	}, func(sf sessionFigure) { s.apiFigureAnswer(c, http.StatusOK, sf.sess.ID, sf.fig.ID) })
}

func (s *Server) apiWithdrawFigure(c *gin.Context) {
	apiChange(s, c, s.loadSessionFigure, func(sf sessionFigure, in *apiWithdrawIn) error {
		return s.db.WithdrawFigure(c.Request.Context(), sf.sess.ID, sf.fig.ID, in.Reason, s.cfg.Now(), actor(c))
	}, func(sf sessionFigure) { s.apiFigureAnswer(c, http.StatusOK, sf.sess.ID, sf.fig.ID) })
}

// sessionFigure is a recorded figure with its session.
type sessionFigure struct {
	sess oversight.Session
	fig  oversight.Figure
}

// loadSessionFigure is sessionFigure as one value, for apiChange.
func (s *Server) loadSessionFigure(c *gin.Context) (sessionFigure, error) {
	sess, fig, err := s.sessionFigure(c)
	return sessionFigure{sess, fig}, err
}
