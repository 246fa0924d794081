package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// assetIndex serves the embedded static files under content-hashed URLs
// (/static/HASH/name), so browsers may keep them for a year and fetch a
// new copy only when the content changes. Text assets are gzipped once at
// start-up.
type assetIndex struct {
	files map[string]*asset
}

type asset struct {
	hash string
	typ  string
	raw  []byte
	gz   []byte
}

func newAssetIndex(fsys fs.FS) (*assetIndex, error) {
	idx := &assetIndex{files: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a := &asset{hash: hex.EncodeToString(sum[:])[:12], raw: b, typ: mime.TypeByExtension(path.Ext(p))}
		if a.typ == "" {
			a.typ = "application/octet-stream"
		}
		if strings.HasPrefix(a.typ, "text/") || strings.Contains(a.typ, "javascript") {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(b)
			zw.Close()
			a.gz = buf.Bytes()
		}
		idx.files[p] = a
		return nil
	})
	return idx, err
}

// url returns the content-hashed address of an asset; templates call it
// as {{asset "app.css"}}. An unknown name panics at render time, which the
// template tests catch.
func (idx *assetIndex) url(name string) string {
	a, ok := idx.files[name]
	if !ok {
		panic("unknown asset " + name)
	}
	return "/static/" + a.hash + "/" + name
}

func (s *Server) serveAsset(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("name"), "/")
	a, ok := s.assets.files[name]
	if !ok {
		c.Status(http.StatusNotFound)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", a.typ)
	h.Set("ETag", `"`+a.hash+`"`)
	h.Set("Vary", "Accept-Encoding")
	if c.Param("hash") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if c.GetHeader("If-None-Match") == `"`+a.hash+`"` {
		c.Status(http.StatusNotModified)
		return
	}
	body := a.raw
	if a.gz != nil && strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	c.Data(http.StatusOK, a.typ, body)
}
