package console

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
)

// reviewAssets are the review page's template and style sheet. They are
// kept apart from the console's assets so that the page mounts on its own
// (MountReview); the header and console.css are shared.
type reviewAssets struct {
	page   *template.Template
	css    []byte
	cssURL string
}

const reviewAssetPrefix = "/console/review/assets/"

func loadReviewAssets(console *assets) (*reviewAssets, error) {
	css, err := assetFS.ReadFile("assets/review.css")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(css)
	ra := &reviewAssets{css: css, cssURL: reviewAssetPrefix + "review." + hex.EncodeToString(sum[:6]) + ".css"}
	funcs := template.FuncMap{"asset": func(name string) string {
		if name == "review.css" {
			return ra.cssURL
		}
		return console.urls[name]
	}}
	ra.page, err = template.New("review.html").Funcs(funcs).ParseFS(assetFS, "assets/header.html", "assets/review.html")
	return ra, err
}

func (ra *reviewAssets) serve(w http.ResponseWriter, r *http.Request) {
	if reviewAssetPrefix+r.PathValue("file") != ra.cssURL {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(ra.css)
}
