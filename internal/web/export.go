package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/exportfile"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
	"github.com/cchc/cchc/internal/xlsx"
)

// exportForm is what the builder page and the API are asked, as typed.
type exportForm struct {
	Unit, From, To, By, Layout, Format, Sep string
	Subtree                                 bool
	Figures                                 string // all or approved (approved.go)
	Metrics                                 map[string]bool
	Errors                                  map[string]string
}

func exportFormOf(c *gin.Context) exportForm {
	f := exportForm{Unit: strings.TrimSpace(c.Query("unit")), From: monthInput(c.Query("from")), To: monthInput(c.Query("to")), By: c.Query("by"),
		Layout: c.Query("layout"), Format: c.Query("format"), Sep: c.Query("sep"), Metrics: map[string]bool{}, Errors: map[string]string{}}
	f.Subtree, _ = strconv.ParseBool(c.Query("subtree"))
	f.Figures = strings.TrimSpace(c.Query("figures"))
	for _, v := range c.QueryArray("metrics") {
		for _, code := range strings.Split(v, ",") {
			if code = strings.TrimSpace(code); code != "" {
				f.Metrics[code] = true
			}
		}
	}
	return f
}

// Month shows an ISO month of the form the way it is typed: "10/2019".
func (exportForm) Month(iso string) string { return monthShown(iso) }

func (f exportForm) metricList() []string {
	var out []string
	for _, m := range oversight.Catalogue {
		if f.Metrics[m.Code] {
			out = append(out, m.Code)
		}
	}
	// Unknown codes are kept so the error names them.
	for code := range f.Metrics {
		if _, ok := oversight.MetricByCode(code); !ok {
			out = append(out, code)
		}
	}
	return out
}

// buildExport checks the form and builds the report. An error is an
// *oversight.Error with Field set when one input is at fault.
func (s *Server) buildExport(c *gin.Context, f exportForm) (*oversight.Report, xlsx.Options, error) {
	ctx := c.Request.Context()
	o := xlsx.Options{Lang: lang(c)} // the file in the language of the pages
	u := currentUser(c)
	if u == nil || !u.CanExport() {
		return nil, o, forbidden()
	}
	if f.Unit == "" {
		return nil, o, &oversight.Error{Code: oversight.EInvalid, Field: "unit", Key: "export.missing_unit"}
	}
	root, err := s.unitFromQuery(c, f.Unit)
	if err != nil {
		if e, ok := err.(*oversight.Error); ok {
			e.Field = "unit"
		}
		return nil, o, err
	}
	o.Root, o.Subtree = root, f.Subtree
	if o.Span, err = s.spanFromQuery(ctx, root.ID, f.From, f.To); err != nil {
		return nil, o, withField(err, "from")
	}
	if o.By, err = oversight.ParseGranularity(f.By); err != nil {
		return nil, o, err
	}
	metrics, err := oversight.ParseMetricCodes(f.metricList())
	if err != nil {
		return nil, o, err
	}
	if o.Layout, err = xlsx.ParseLayout(f.Layout); err != nil {
		return nil, o, err
	}
	if o.Format, err = xlsx.ParseFormat(f.Format); err != nil {
		return nil, o, err
	}
	if o.Sep, err = xlsx.ParseSep(f.Sep); err != nil {
		return nil, o, err
	}
	if o.ApprovedOnly, err = figuresApproved(c); err != nil {
		return nil, o, err
	}
	o.MadeBy = fmt.Sprintf("%s (%s)", u.Name, text.Word("vi", u.Role.Key()))
	o.MadeAt = s.cfg.Now()
	rep, err := exportfile.Build(ctx, s.db, &o, metrics)
	if err != nil {
		return nil, o, withField(err, "layout")
	}
	return rep, o, nil
}

func withField(err error, field string) error {
	if e, ok := err.(*oversight.Error); ok && e.Field == "" {
		e.Field = field
	}
	return err
}

// sendExport streams the file: headers first, then the bytes as they are
// made, so the download starts without the whole file in memory.
func (s *Server) sendExport(c *gin.Context, rep *oversight.Report, o xlsx.Options) {
	u := currentUser(c)
	sum, rows := o.Checksum, o.Rows
	// The audit entry is written before the file: an export that fails on
	// the way is still recorded as asked for.
	if err := exportfile.Audit(c.Request.Context(), s.db, sqlite.Actor{UserID: u.ID, Name: u.Name}, o); err != nil {
		s.fail(c, err)
		return
	}
	name := xlsx.FileName(o)
	c.Header("Content-Type", xlsx.ContentType(o.Format))
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("X-Cchc-Checksum", sum)
	c.Header("X-Cchc-Rows", strconv.Itoa(rows))
	c.Header("X-Cchc-Figures", xlsx.FiguresName(o.ApprovedOnly))
	c.Header("Cache-Control", "no-store")
	// Headers go out at once, so the browser starts the download (and the
	// builder page its progress) while the file is being made.
	c.Status(http.StatusOK)
	c.Writer.WriteHeaderNow()
	c.Writer.Flush()
	if err := xlsx.Write(c.Writer, rep, o); err != nil {
		// The status is sent: all that is left is to cut the download
		// short (the client sees a broken file, not a wrong one) and log.
		s.log.Error("export write", "file", name, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// apiExport is GET /api/v1/export: the file, or a JSON error.
func (s *Server) apiExport(c *gin.Context) {
	rep, o, err := s.buildExport(c, exportFormOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sendExport(c, rep, o)
}

// exportFile is the builder page's download: the file, or the page again
// with the choices kept and the fault marked (422).
func (s *Server) exportFile(c *gin.Context) {
	f := exportFormOf(c)
	rep, o, err := s.buildExport(c, f)
	if err != nil {
		var e *oversight.Error
		if !errors.As(err, &e) || e.Code != oversight.EInvalid && e.Code != oversight.ENotFound {
			s.fail(c, err)
			return
		}
		field := e.Field
		if field == "" {
			field = "form"
		}
		f.Errors[field] = text.Error(err, lang(c))
		s.showExportPage(c, http.StatusUnprocessableEntity, f)
		return
	}
	s.sendExport(c, rep, o)
}

type exportPageData struct {
	Form    exportForm
	Metrics []oversight.Metric
	By      []string
}

func (s *Server) exportPage(c *gin.Context) {
	f := exportFormOf(c)
	ctx := c.Request.Context()
	if f.Unit == "" {
		roots, err := s.db.Roots(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		if len(roots) > 0 {
			f.Unit = roots[0].Code
			f.Subtree = true
			if f.From == "" && f.To == "" {
				if span, err := s.defaultSpan(ctx, roots[0].ID); err == nil {
					f.From, f.To = span.From.String(), span.To.String()
				}
			}
		}
	}
	s.showExportPage(c, http.StatusOK, f)
}

func (s *Server) showExportPage(c *gin.Context, status int, f exportForm) {
	if f.Sep == "" {
		// Excel set to Vietnamese reads a CSV by semicolons (the comma is
		// its decimal mark); English Excel by commas.
		f.Sep = "semicolon"
		if lang(c) == "en" {
			f.Sep = "comma"
		}
	}
	s.render(c, status, "export", translate(lang(c), "export.title"), exportPageData{
		Form: f, Metrics: oversight.Catalogue, By: []string{"month", "quarter", "half", "year"}})
}
