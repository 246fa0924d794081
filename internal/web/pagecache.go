package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// pageCache keeps rendered pages, so a page is built once per change of the
// data it shows instead of once per request. An entry is keyed by
// everything the page depends on (pageKey): the store's data version, the
// day, the language, the user (whose name and role the page shows) and the
// page's address (unit, span, figure choice); a write commits a new data
// version, so the next request renders again. Entries also expire after
// ttl, for writes the version cannot see (another process writing the file,
// such as `cchc import` beside the server). Least recently used pages go
// first when the cache holds more than max bytes.
type pageCache struct {
	mu    sync.Mutex
	max   int64
	ttl   time.Duration
	now   func() time.Time
	size  int64
	lru   *list.List // of *cachedPage, most recently used first
	byKey map[string]*list.Element
}

// cachedPage is one rendered page, plain and gzipped.
type cachedPage struct {
	key    string
	etag   string
	plain  []byte
	gz     []byte
	stored time.Time
}

// Page cache limits: the national ten-year page is about 600 KB plain.
const (
	pageCacheBytes  = 64 << 20
	pageCacheTTL    = time.Minute
	pageCacheMaxDoc = 4 << 20 // a larger page is served, not kept
)

func newPageCache(max int64, ttl time.Duration, now func() time.Time) *pageCache {
	return &pageCache{max: max, ttl: ttl, now: now, lru: list.New(), byKey: map[string]*list.Element{}}
}

func (pc *pageCache) get(key string) (*cachedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.byKey[key]
	if !ok {
		return nil, false
	}
	p := el.Value.(*cachedPage)
	if pc.now().Sub(p.stored) > pc.ttl {
		pc.remove(el)
		return nil, false
	}
	pc.lru.MoveToFront(el)
	return p, true
}

func (pc *pageCache) put(p *cachedPage) {
	n := int64(len(p.plain) + len(p.gz))
	if n > pc.max {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.byKey[p.key]; ok {
		pc.remove(el)
	}
	pc.byKey[p.key] = pc.lru.PushFront(p)
	pc.size += n
	for pc.size > pc.max {
		pc.remove(pc.lru.Back())
	}
}

func (pc *pageCache) remove(el *list.Element) {
	p := pc.lru.Remove(el).(*cachedPage)
	delete(pc.byKey, p.key)
	pc.size -= int64(len(p.plain) + len(p.gz))
}

// pageKey names everything a cached page depends on. The data version is
// read before the page is built, so a page built from older data is never
// kept under a newer version.
func (s *Server) pageKey(c *gin.Context) string {
	u := currentUser(c)
	var b strings.Builder
	b.WriteString(strconv.FormatUint(s.db.DataVersion(), 10))
	b.WriteByte('|')
	b.WriteString(s.cfg.Now().In(vietnamTime).Format(time.DateOnly)) // what is overdue moves with the day
	b.WriteByte('|')
	b.WriteString(lang(c))
	b.WriteByte('|')
	if u != nil {
		b.WriteString(strconv.FormatInt(u.ID, 10))
		b.WriteByte(':')
		b.WriteString(string(u.Role))
	}
	b.WriteByte('|')
	b.WriteString(c.Request.URL.RequestURI())
	return b.String()
}

// cachedPages serves a GET page from the cache, or renders it with h and
// keeps it when it is a whole 200 HTML page. A page that carries a flash
// message (shown once, after a form) is never cached.
func (s *Server) cachedPages(h gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodGet || s.sessions.Exists(c.Request.Context(), flashKey) {
			h(c)
			return
		}
		key := s.pageKey(c)
		if p, ok := s.pages.get(key); ok {
			c.Header("X-Page-Cache", "hit")
			servePage(c, p)
			return
		}
		rec := &pageRecorder{ResponseWriter: c.Writer}
		c.Writer = rec
		h(c)
		c.Writer = rec.ResponseWriter
		if rec.direct {
			return
		}
		if rec.Status() != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
			rec.buf.Len() > pageCacheMaxDoc || rec.Header().Get("Set-Cookie") != "" {
			rec.flush()
			return
		}
		p := newCachedPage(key, rec.buf.Bytes(), s.pages.now())
		s.pages.put(p)
		c.Header("X-Page-Cache", "miss")
		servePage(c, p)
	}
}

// pageGzip keeps gzip writers for newCachedPage: a new writer allocates
// and clears its compressor state (about 0.5 ms of CPU per first render
// at load 12, a commune's whole render being about 7 ms).
var pageGzip = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

func newCachedPage(key string, body []byte, now time.Time) *cachedPage {
	plain := bytes.Clone(body)
	sum := sha256.Sum256(append([]byte(key+"\x00"), plain...))
	var gz bytes.Buffer
	// The fastest level, as gzipResponses uses: this is paid by the first
	// view of every page after every write. The best level took 5 ms of the
	// national page's first render and 25–45 ms of a province's (192 KB
	// plain), for 14% fewer bytes (12.2 KB instead of 14.1 KB nationally).
	w := pageGzip.Get().(*gzip.Writer)
	w.Reset(&gz)
	_, _ = w.Write(plain)
	_ = w.Close()
	pageGzip.Put(w)
	return &cachedPage{key: key, etag: `"p-` + hex.EncodeToString(sum[:12]) + `"`, plain: plain, gz: gz.Bytes(), stored: now}
}

// servePage writes a cached page: 304 when the browser holds this version,
// gzipped bytes when it accepts them. Browsers revalidate every time
// (no-cache), so a write shows on the next visit.
func servePage(c *gin.Context, p *cachedPage) {
	h := c.Writer.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", p.etag)
	if etagMatches(c.GetHeader("If-None-Match"), p.etag) {
		c.Status(http.StatusNotModified)
		c.Writer.WriteHeaderNow()
		return
	}
	body := p.plain
	if acceptsGzip(c.GetHeader("Accept-Encoding")) {
		body = p.gz
		h.Set("Content-Encoding", "gzip") // gzipResponses leaves an encoded answer alone
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write(body)
}

// etagMatches reads an If-None-Match header: a list of tags, or *.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// pageRecorder holds what a handler writes, so a page can be kept before
// it is sent. A handler that flushes (streams) is passed through as is.
type pageRecorder struct {
	gin.ResponseWriter
	buf    bytes.Buffer
	direct bool
}

func (r *pageRecorder) Write(p []byte) (int, error) {
	if r.direct {
		return r.ResponseWriter.Write(p)
	}
	return r.buf.Write(p)
}

func (r *pageRecorder) WriteString(s string) (int, error) { return r.Write([]byte(s)) }

// WriteHeaderNow waits: the headers go with the body, after the page is kept.
func (r *pageRecorder) WriteHeaderNow() {
	if r.direct {
		r.ResponseWriter.WriteHeaderNow()
	}
}

func (r *pageRecorder) Written() bool {
	return r.direct && r.ResponseWriter.Written() || r.buf.Len() > 0
}

func (r *pageRecorder) Flush() {
	r.flush()
	r.ResponseWriter.Flush()
}

// flush sends what was held and passes every later write through.
func (r *pageRecorder) flush() {
	if r.direct {
		return
	}
	r.direct = true
	if r.buf.Len() == 0 {
		r.ResponseWriter.WriteHeaderNow()
		return
	}
	_, _ = r.ResponseWriter.Write(r.buf.Bytes())
	r.buf.Reset()
}
