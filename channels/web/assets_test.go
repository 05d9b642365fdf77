package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/guichet/guichet/channels/web"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/store"
)

func get(t *testing.T, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// A site's tag loads /widget.js, a small loader cached briefly, which
// loads the full script under a content-hashed name cached for good.
func TestScriptURLsAndCaching(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	resp, loader := get(t, s.srv.URL+"/widget.js", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("GET /widget.js: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=300") {
		t.Errorf("loader Cache-Control %q, want a short max-age", cc)
	}
	hashed := s.ch.ScriptPath()
	if !regexp.MustCompile(`^/widget/[0-9a-f]{16}\.js$`).MatchString(hashed) || !strings.Contains(loader, hashed) {
		t.Fatalf("loader %q should load the hashed script %q", loader, hashed)
	}
	etag := resp.Header.Get("ETag")
	if again, _ := get(t, s.srv.URL+"/widget.js", http.Header{"If-None-Match": {etag}}); again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating the loader: %s, want 304", again.Status)
	}

	resp, script := get(t, s.srv.URL+hashed, nil)
	if cc := resp.Header.Get("Cache-Control"); resp.StatusCode != 200 || !strings.Contains(cc, "immutable") {
		t.Errorf("hashed script: %s, Cache-Control %q, want 200 immutable", resp.Status, cc)
	}
	if len(script) > web.MaxScriptBytes || strings.Contains(script, "__GUICHET_CSS__") || !strings.Contains(script, "#000091") {
		t.Errorf("script is %d bytes (budget %d) and must carry its CSS", len(script), web.MaxScriptBytes)
	}
	if resp.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Error("the script must be loadable by other sites' pages")
	}
	stale, _ := get(t, s.srv.URL+"/widget/0123456789abcdef.js", nil)
	if stale.StatusCode != 200 || stale.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("script of an older release: %s %q, want the current one, not cached", stale.Status, stale.Header.Get("Cache-Control"))
	}
	if missing, _ := get(t, s.srv.URL+"/widget/nope.js", nil); missing.StatusCode != 404 {
		t.Errorf("GET /widget/nope.js: %s, want 404", missing.Status)
	}
}

// The widget never lets text become markup, code or a style.
func TestScriptNeverInterpretsHTML(t *testing.T) {
	src, err := os.ReadFile("assets/widget.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('style'", "javascript:"} {
		if strings.Contains(string(src), sink) {
			t.Errorf("widget.js uses %s", sink)
		}
	}
}

func TestDemoPageEmbedsWidgetWithOneTag(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	resp, page := get(t, s.srv.URL+"/", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `<script src="/widget.js" defer></script>`) {
		t.Fatalf("demo page: %s, want the one-tag snippet", resp.Status)
	}
	if strings.Count(page, "<script") != 1 {
		t.Error("the demo page must load nothing but the widget's tag")
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "connect-src 'self'", "style-src 'sha256-"} {
		if !strings.Contains(csp, want) {
			t.Errorf("demo CSP %q lacks %q", csp, want)
		}
	}
}

func TestPublicURLInSnippet(t *testing.T) {
	st := store.NewMemory(store.Options{})
	defer st.Close()
	ch, err := web.New(web.Options{Config: testConfig(), PublicURL: "https://aide.example.fr/", Handler: &echoBot{d: dispatch.New(st, quietLog())}, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	ch.Mount(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if !strings.Contains(rec.Body.String(), `<script src="https://aide.example.fr/widget.js" defer></script>`) {
		t.Errorf("demo snippet does not use the public URL:\n%s", rec.Body.String())
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	cfg := testConfig()
	cfg.MaxFrameBytes = 10
	_, err := web.New(web.Options{Config: cfg, PublicURL: "ftp://x"})
	for _, want := range []string{"Handler is required", "Store is required", "widget.max_frame_bytes"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("web.New error %v should say %q", err, want)
		}
	}
}
