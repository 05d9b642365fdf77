package console

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/guichet/guichet"
)

func (s *Console) mountConsole(mux *http.ServeMux) {
	mux.HandleFunc("GET /console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/console/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /console/{$}", s.handleConsole)
	mux.HandleFunc("GET /console/stats", s.handleStatsPage)
	mux.HandleFunc("GET /console/login", s.handleLoginPage)
	mux.HandleFunc("POST /console/login", s.handleLogin)
	mux.HandleFunc("POST /console/logout", s.handleLogout)
	mux.HandleFunc("GET /console/assets/{file}", s.assets.serve)
}

// consolePage is what console.html needs.
type consolePage struct {
	Agent Account
	CSRF  string
	Page  string // the current page, for the header's navigation
}

func (s *Console) handleConsole(w http.ResponseWriter, r *http.Request) {
	sess, ac, ok := s.sessionOf(r)
	if !ok {
		http.Redirect(w, r, "/console/login", http.StatusSeeOther)
		return
	}
	s.see(r.Context(), ac.Name)
	s.render(w, s.assets.console, http.StatusOK, consolePage{Agent: ac, CSRF: s.sessions.csrf(sess), Page: "console"})
}

// loginPage is what login.html needs.
type loginPage struct {
	CSRF         string
	Name         string
	Error        string
	NoAccounts   bool
	BadAccounts  bool
	AccountsFile string
}

func (s *Console) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := s.sessionOf(r); ok {
		http.Redirect(w, r, "/console/", http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginPage{})
}

// renderLogin shows the login form with a fresh login CSRF token (a
// double-submit cookie: a forged cross-site form cannot read or set it).
func (s *Console) renderLogin(w http.ResponseWriter, r *http.Request, status int, p loginPage) {
	p.CSRF = randomHex(16)
	http.SetCookie(w, s.cookie(r, loginCSRFCookie, p.CSRF, 3600))
	_, err := s.accounts.current()
	p.NoAccounts = guichet.Is(err, guichet.NotFound)
	p.BadAccounts = err != nil && !p.NoAccounts
	p.AccountsFile = s.cfg.AccountsFile
	s.render(w, s.assets.login, status, p)
}

func (s *Console) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.renderLogin(w, r, http.StatusBadRequest, loginPage{Error: "Le formulaire envoyé est illisible. Rechargez la page."})
		return
	}
	name := strings.TrimSpace(strings.ToLower(r.PostFormValue("name")))
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || c.Value == "" || c.Value != r.PostFormValue(csrfField) {
		s.renderLogin(w, r, http.StatusForbidden, loginPage{Name: name, Error: "La page de connexion a expiré. Veuillez réessayer."})
		return
	}
	ip := s.clientIP(r)
	if wait, limited := s.limiter.blocked(ip, name); limited {
		s.metrics.logins.WithLabelValues("limited").Inc()
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		msg := fmt.Sprintf("Trop de tentatives de connexion. Réessayez dans %d minutes.", int(wait.Minutes())+1)
		s.renderLogin(w, r, http.StatusTooManyRequests, loginPage{Name: name, Error: msg})
		return
	}
	ac, err := s.accounts.login(name, r.PostFormValue("password"))
	if err != nil {
		s.loginFailed(w, r, ip, name, err)
		return
	}
	s.limiter.succeed(name)
	s.metrics.logins.WithLabelValues("ok").Inc()
	s.log.Info("handoff: agent logged in", "agent", ac.Name)
	_, value := s.sessions.issue(ac)
	http.SetCookie(w, s.cookie(r, sessionCookie, value, int(s.cfg.SessionTTL/time.Second)))
	http.SetCookie(w, s.cookie(r, loginCSRFCookie, "", -1))
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

func (s *Console) loginFailed(w http.ResponseWriter, r *http.Request, ip, name string, err error) {
	if !guichet.Is(err, guichet.Unauthorized) {
		s.renderLogin(w, r, http.StatusServiceUnavailable, loginPage{Name: name,
			Error: "La connexion est impossible : aucun compte conseiller n'est disponible."})
		return
	}
	s.limiter.fail(ip, name)
	s.metrics.logins.WithLabelValues("failed").Inc()
	s.log.Info("handoff: login failed", "agent", name)
	s.renderLogin(w, r, http.StatusUnauthorized, loginPage{Name: name, Error: "Identifiant ou mot de passe incorrect."})
}

func (s *Console) handleLogout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	sess, _, ok := s.sessionOf(r)
	if ok && !s.sessions.checkCSRF(sess, r.PostFormValue(csrfField)) {
		http.Error(w, "Jeton de sécurité manquant : rechargez la console.", http.StatusForbidden)
		return
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, "/console/login", http.StatusSeeOther)
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 instead of half a page.
func (s *Console) render(w http.ResponseWriter, t *template.Template, status int, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.log.Error("handoff: render page", "err", err)
		http.Error(w, "Erreur interne", http.StatusInternalServerError)
		return
	}
	securityHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
