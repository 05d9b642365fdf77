package console

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed assets
var assetFS embed.FS

// assets are the console's static files, served under content-hashed
// names so that browsers may cache them for good, and its two pages.
type assets struct {
	files   map[string]asset  // by hashed name
	urls    map[string]string // plain name -> URL
	login   *template.Template
	console *template.Template
	stats   *template.Template
	team    *template.Template
}

type asset struct {
	data  []byte
	ctype string
}

const assetPrefix = "/console/assets/"

func loadAssets() (*assets, error) {
	a := &assets{files: map[string]asset{}, urls: map[string]string{}}
	for _, name := range []string{"console.css", "console-util.js", "console-ticket.js", "console.js", "console-features.js", "console-team.js", "stats.css"} {
		data, err := assetFS.ReadFile("assets/" + name)
		if err != nil {
			return nil, fmt.Errorf("console asset %s: %w", name, err)
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.files[hashed] = asset{data: data, ctype: mime.TypeByExtension(ext)}
		a.urls[name] = assetPrefix + hashed
	}
	funcs := template.FuncMap{"asset": func(name string) string { return a.urls[name] }}
	var err error
	if a.login, err = template.New("login.html").Funcs(funcs).ParseFS(assetFS, "assets/header.html", "assets/login.html"); err != nil {
		return nil, err
	}
	if a.console, err = template.New("console.html").Funcs(funcs).ParseFS(assetFS, "assets/header.html", "assets/console.html"); err != nil {
		return nil, err
	}
	if a.stats, err = template.New("stats.html").Funcs(funcs).ParseFS(assetFS, "assets/header.html", "assets/stats.html"); err != nil {
		return nil, err
	}
	if a.team, err = template.New("team.html").Funcs(funcs).ParseFS(assetFS, "assets/header.html", "assets/team.html"); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(f.data)
}
