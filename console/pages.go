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
	mux.HandleFunc("GET /console/team", s.handleTeamPage)
	mux.HandleFunc("GET /favicon.ico", serveFavicon)
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
		toLogin(w, r)
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
	// Next is the console page to open after logging in (safeNext).
	Next string
}

func (s *Console) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := s.sessionOf(r); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginPage{})
}

// renderLogin shows the login form with a fresh login CSRF token (a
// double-submit cookie: a forged cross-site form cannot read or set it).
func (s *Console) renderLogin(w http.ResponseWriter, r *http.Request, status int, p loginPage) {
	p.CSRF = randomHex(16)
	if next := safeNext(r.FormValue("next")); next != "/console/" {
		p.Next = next
	}
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
	src := loginSource{ip: s.clientIP(r)}
	if c, err := r.Cookie(deviceCookie); err == nil {
		src.device, _ = s.sessions.device(c.Value, name)
	}
	if wait, limited := s.limiter.blocked(src, name); limited {
		s.metrics.logins.WithLabelValues("limited").Inc()
		s.log.Warn("console: login refused, too many failures", "agent", name, "source", src.ip,
			"known_device", src.device != "", "wait", wait.Round(time.Second).String())
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		msg := "Trop de tentatives de connexion. Réessayez dans " + frenchWait(wait) + "."
		s.renderLogin(w, r, http.StatusTooManyRequests, loginPage{Name: name, Error: msg})
		return
	}
	ac, err := s.accounts.login(name, r.PostFormValue("password"))
	if err != nil {
		s.loginFailed(w, r, src, name, err)
		return
	}
	s.limiter.succeed(src, name)
	s.metrics.logins.WithLabelValues("ok").Inc()
	s.log.Info("handoff: agent logged in", "agent", ac.Name, "source", src.ip, "known_device", src.device != "")
	_, value := s.sessions.issue(ac)
	http.SetCookie(w, s.cookie(r, sessionCookie, value, int(s.cfg.SessionTTL/time.Second)))
	http.SetCookie(w, s.cookie(r, loginCSRFCookie, "", -1))
	if src.device == "" {
		http.SetCookie(w, s.cookie(r, deviceCookie, s.sessions.issueDevice(ac.Name), int(deviceTTL/time.Second)))
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// loginFailed answers a refused login and counts it. Supervisors find
// every failure in the log (agent, source, failures so far).
func (s *Console) loginFailed(w http.ResponseWriter, r *http.Request, src loginSource, name string, err error) {
	if !guichet.Is(err, guichet.Unauthorized) {
		s.renderLogin(w, r, http.StatusServiceUnavailable, loginPage{Name: name,
			Error: "La connexion est impossible : aucun compte conseiller n'est disponible."})
		return
	}
	n := s.limiter.fail(src, name)
	s.metrics.logins.WithLabelValues("failed").Inc()
	s.log.Warn("console: login failed", "agent", name, "source", src.ip, "known_device", src.device != "", "failures", n)
	s.renderLogin(w, r, http.StatusUnauthorized, loginPage{Name: name, Error: "Identifiant ou mot de passe incorrect."})
}

// frenchWait says a wait the way the login page does: "12 secondes",
// "3 minutes".
func frenchWait(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d secondes", int(d.Seconds())+1)
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes())+1)
}

func (s *Console) handleLogout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	sess, _, ok := s.sessionOf(r)
	if ok && !s.sessions.checkCSRF(sess, r.PostFormValue(csrfField)) {
		http.Error(w, "Jeton de sécurité manquant : rechargez la console.", http.StatusForbidden)
		return
	}
	if ok {
		if err := s.revocations.Revoke(r.Context(), sess.ID, sess.Expires); err != nil {
			s.log.Error("console: logout not recorded: the session cookie still works until it expires", "agent", sess.Agent, "err", err)
			http.Error(w, "La déconnexion n'a pas pu être enregistrée : réessayez.", http.StatusServiceUnavailable)
			return
		}
		s.log.Info("console: agent logged out", "agent", sess.Agent)
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
