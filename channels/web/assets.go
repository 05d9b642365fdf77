package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"
)

//go:embed assets/widget.js assets/widget.css assets/demo.html assets/demo.css
var files embed.FS

// MaxScriptBytes is the budget of widget.js with its CSS, uncompressed.
const MaxScriptBytes = 30 * 1024

const cssPlaceholder = `"__GUICHET_CSS__"`

// assets holds what the widget serves, built once at start-up.
type assets struct {
	widget     []byte // widget.js with its CSS inlined
	widgetTag  string // its ETag
	widgetPath string // /widget/<hash>.js
	loader     []byte // /widget.js: loads widgetPath
	loaderTag  string
	demo       []byte
	demoCSP    string
}

func loadAssets(publicURL string) (*assets, error) {
	js, err := files.ReadFile("assets/widget.js")
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	css, err := files.ReadFile("assets/widget.css")
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	cssJSON, err := json.Marshal(string(css))
	if err != nil {
		return nil, fmt.Errorf("assets: encode css: %w", err)
	}
	if !bytes.Contains(js, []byte(cssPlaceholder)) {
		return nil, fmt.Errorf("assets: widget.js lacks the %s placeholder", cssPlaceholder)
	}
	a := &assets{widget: bytes.Replace(js, []byte(cssPlaceholder), cssJSON, 1)}
	if len(a.widget) > MaxScriptBytes {
		return nil, fmt.Errorf("assets: widget.js is %d bytes, over the %d budget", len(a.widget), MaxScriptBytes)
	}
	hash := shortHash(a.widget)
	a.widgetTag, a.widgetPath = `"`+hash+`"`, "/widget/"+hash+".js"
	// The loader is what sites embed; it changes with every release, so it
	// is cached briefly, and the script it loads, never changing under its
	// name, is cached for good.
	a.loader = []byte(`(function(){var s=document.currentScript,e=document.createElement("script");` +
		`e.src=new URL("` + a.widgetPath + `",s.src).href;e.async=true;` +
		`(document.head||document.documentElement).appendChild(e)})();` + "\n")
	a.loaderTag = `"` + shortHash(a.loader) + `"`
	if err := a.buildDemo(strings.TrimSuffix(publicURL, "/") + "/widget.js"); err != nil {
		return nil, err
	}
	return a, nil
}

func shortHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// buildDemo renders the demo page once. Its content security policy is
// as strict as an agency's site might be, to show the widget needs no
// inline script, no eval and no style-src exception.
func (a *assets) buildDemo(scriptURL string) error {
	page, err := files.ReadFile("assets/demo.html")
	if err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	css, err := files.ReadFile("assets/demo.css")
	if err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	tmpl, err := template.New("demo").Parse(string(page))
	if err != nil {
		return fmt.Errorf("assets: demo.html: %w", err)
	}
	var buf bytes.Buffer
	err = tmpl.Execute(&buf, struct {
		ScriptURL string
		CSS       template.CSS
	}{scriptURL, template.CSS(css)}) //nolint:gosec // our own embedded file
	if err != nil {
		return fmt.Errorf("assets: demo.html: %w", err)
	}
	sum := sha256.Sum256(css)
	a.demo = buf.Bytes()
	a.demoCSP = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " +
		"style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	return nil
}

func scriptHeaders(w http.ResponseWriter, etag, cache string) {
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	h.Set("Cache-Control", cache)
	h.Set("ETag", etag)
}

func (a *assets) serveLoader(w http.ResponseWriter, r *http.Request) {
	scriptHeaders(w, a.loaderTag, "public, max-age=300")
	http.ServeContent(w, r, "widget.js", time.Time{}, bytes.NewReader(a.loader))
}

// serveWidget serves the full script. A hash other than the current one
// comes from a loader cached before a release: it gets the current script,
// revalidated every time, rather than a broken widget.
func (a *assets) serveWidget(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	switch {
	case "/widget/"+name == a.widgetPath:
		scriptHeaders(w, a.widgetTag, "public, max-age=31536000, immutable")
	case isHashName(name):
		scriptHeaders(w, a.widgetTag, "no-cache")
	default:
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, "widget.js", time.Time{}, bytes.NewReader(a.widget))
}

func isHashName(name string) bool {
	hash, ok := strings.CutSuffix(name, ".js")
	if !ok || len(hash) != 16 {
		return false
	}
	for i := 0; i < len(hash); i++ {
		if !isHexLower(hash[i]) {
			return false
		}
	}
	return true
}

func (a *assets) serveDemo(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", a.demoCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	w.Write(a.demo) //nolint:errcheck // the client went away
}
