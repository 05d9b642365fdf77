package console

import "testing"

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "/console/",
		"/console/stats":             "/console/stats",
		"/console/stats?period=7d":   "/console/stats?period=7d",
		"/console/review?days=30":    "/console/review?days=30",
		"https://evil.example/":      "/console/",
		"//evil.example/console/":    "/console/",
		"/\\evil.example":            "/console/",
		"/console/../admin":          "/console/",
		"/console/login":             "/console/",
		"/console/logout":            "/console/",
		"/other":                     "/console/",
		"javascript:alert(1)":        "/console/",
		"/console/stats\r\nX-A: b":   "/console/",
		"/console/assets/console.js": "/console/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
