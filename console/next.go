package console

import (
	"net/http"
	"net/url"
	"strings"
)

// toLogin sends a visitor without a session to the login page, which
// brings them back to the page they asked for (/console/stats, a review
// period) once logged in.
func toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/console/login"
	if next := safeNext(r.URL.RequestURI()); next != "/console/" {
		target += "?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext returns next when it is a console page of this site, else
// /console/: a login form must not send an agent to another site (an
// open redirect) nor back to the login or logout.
func safeNext(next string) string {
	const home = "/console/"
	if next == "" || strings.ContainsAny(next, "\\\r\n") || strings.HasPrefix(next, "//") {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Fragment != "" {
		return home
	}
	clean := u.EscapedPath()
	if !strings.HasPrefix(clean, home) || strings.Contains(clean, "/..") || strings.Contains(clean, "//") ||
		clean == "/console/login" || clean == "/console/logout" || strings.HasPrefix(clean, "/console/assets/") {
		return home
	}
	if u.RawQuery != "" {
		return clean + "?" + u.RawQuery
	}
	return clean
}
