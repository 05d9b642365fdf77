package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/review"
)

// The unanswered-question review: /console/review lists the groups of
// questions the bot could not answer (last 7 or 30 days) and lets a
// supervisor add a group's texts as paraphrases of an entry, or mark them
// out of scope. Decisions go to the pending-changes file through the
// Reviewer; an editor applies them with 'guichet kb pending apply'. The
// page works without JavaScript: one form per group, then a redirect back
// (POST, redirect, GET) so that reloading never decides twice.

// Reviewer is the review the page shows (review.Service implements it).
type Reviewer interface {
	// Overview groups the questions of the last window not decided yet.
	Overview(ctx context.Context, window time.Duration) (review.Overview, error)
	// Decide records a decision; a refused one wraps a *review.Refusal,
	// with kind Invalid or Conflict.
	Decide(ctx context.Context, d review.Decision) (review.Change, error)
}

// MountReview adds the review page and its form to mux, next to the
// console that Mount adds. Call it before serving.
func (s *Console) MountReview(mux *http.ServeMux, rv Reviewer) error {
	ra, err := loadReviewAssets(s.assets)
	if err != nil {
		return guichet.E(guichet.Other, "handoff: mount review", err)
	}
	h := &reviewHandler{s: s, rv: rv, assets: ra}
	mux.HandleFunc("GET /console/review", h.page)
	mux.HandleFunc("POST /console/review/decide", h.decide)
	mux.HandleFunc("GET "+reviewAssetPrefix+"{file}", ra.serve)
	return nil
}

type reviewHandler struct {
	s      *Console
	rv     Reviewer
	assets *reviewAssets
}

// reviewWindows are the periods the page offers, in days.
var reviewWindows = []int{7, 30}

// supervisor returns the request's supervisor session, or answers the
// request itself (login page, or a 403 page for other agents).
func (h *reviewHandler) supervisor(w http.ResponseWriter, r *http.Request) (reviewPage, bool) {
	sess, ac, ok := h.s.sessionOf(r)
	if !ok {
		toLogin(w, r)
		return reviewPage{}, false
	}
	h.s.see(r.Context(), ac.Name)
	p := reviewPage{Agent: ac, CSRF: h.s.sessions.csrf(sess), Page: "review", sess: sess}
	if ac.Role != RoleSupervisor {
		p.Forbidden = true
		h.s.render(w, h.assets.page, http.StatusForbidden, p)
		return p, false
	}
	return p, true
}

// page serves GET /console/review?days=7|30, with the outcome of the last
// decision when the form redirected here.
func (h *reviewHandler) page(w http.ResponseWriter, r *http.Request) {
	p, ok := h.supervisor(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	days, ok := reviewDays(q.Get("days"))
	if !ok {
		p.Error = "Période inconnue : choisissez 7 ou 30 jours."
		h.show(w, r, p, 7, http.StatusBadRequest)
		return
	}
	p.done = q
	h.show(w, r, p, days, http.StatusOK)
}

// show fills p with the groups of the last days and renders it.
func (h *reviewHandler) show(w http.ResponseWriter, r *http.Request, p reviewPage, days, status int) {
	ov, err := h.rv.Overview(r.Context(), time.Duration(days)*24*time.Hour)
	if err != nil {
		h.s.log.Error("handoff: review page", "err", err)
		p.Error = "Les questions à revoir sont momentanément indisponibles : le stockage ou le fichier des décisions en attente est illisible (voir les journaux du serveur, ou lancer « guichet kb pending check »)."
		status = max(status, http.StatusServiceUnavailable)
	}
	p.fill(ov, days, h.s.loc)
	h.s.render(w, h.assets.page, status, p)
}

func reviewDays(v string) (int, bool) {
	if v == "" {
		return reviewWindows[0], true
	}
	n, err := strconv.Atoi(v)
	for _, d := range reviewWindows {
		if err == nil && n == d {
			return n, true
		}
	}
	return 0, false
}

// decide serves POST /console/review/decide: one group's form.
func (h *reviewHandler) decide(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	p, ok := h.supervisor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.Error = "Le formulaire envoyé est illisible ou trop long. Rechargez la page."
		h.show(w, r, p, reviewWindows[0], http.StatusBadRequest)
		return
	}
	days, ok := reviewDays(r.PostFormValue("days"))
	if !ok {
		days = reviewWindows[0]
	}
	if !h.s.sessions.checkCSRF(p.sess, r.PostFormValue(csrfField)) {
		p.Error = "Jeton de sécurité manquant ou expiré : rechargez la page, puis recommencez."
		h.show(w, r, p, days, http.StatusForbidden)
		return
	}
	d := review.Decision{Texts: r.PostForm["text"], By: p.Agent.Name}
	switch r.PostFormValue("action") {
	case "add":
		d.Entry = r.PostFormValue("entry")
	case "outofscope":
		d.Entry, d.OutOfScope = r.PostFormValue("scope_entry"), true
	default:
		p.Error = "Action inconnue : utilisez les boutons « Ajouter comme formulations » ou « Hors sujet »."
		h.show(w, r, p, days, http.StatusBadRequest)
		return
	}
	c, err := h.rv.Decide(r.Context(), d)
	if err != nil {
		h.refused(w, r, p, days, err)
		return
	}
	h.s.log.Info("handoff: review decision", "agent", p.Agent.Name, "kb_entry", c.Entry, "texts", len(c.Texts()))
	done := url.Values{"days": {strconv.Itoa(days)}, "done": {doneKind(d)}, "n": {strconv.Itoa(len(c.Texts()))}}
	if c.Entry != "" {
		done.Set("entry", c.Entry)
	}
	http.Redirect(w, r, "/console/review?"+done.Encode(), http.StatusSeeOther)
}

// refused shows the page again with why the decision was refused.
func (h *reviewHandler) refused(w http.ResponseWriter, r *http.Request, p reviewPage, days int, err error) {
	var ref *review.Refusal
	if errors.As(err, &ref) {
		p.Error = "Décision non enregistrée : " + ref.Msg + "."
		status := http.StatusBadRequest
		if guichet.Is(err, guichet.Conflict) {
			status = http.StatusConflict
		}
		h.show(w, r, p, days, status)
		return
	}
	h.s.log.Error("handoff: review decision", "agent", p.Agent.Name, "err", err)
	p.Error = "Décision non enregistrée : le fichier des décisions en attente n'a pas pu être écrit (voir les journaux du serveur)."
	h.show(w, r, p, days, http.StatusServiceUnavailable)
}

func doneKind(d review.Decision) string {
	switch {
	case !d.OutOfScope:
		return "add"
	case d.Entry != "":
		return "outofscope"
	}
	return "ignore"
}
