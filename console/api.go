package console

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// Mount adds the console (/console/) and the JSON API (/api/v1/) to mux.
func (s *Console) Mount(mux *http.ServeMux) {
	for pattern, h := range s.apiRoutes() {
		mux.Handle(pattern, s.authed(h))
	}
	mux.HandleFunc("GET "+openAPIPath, serveOpenAPI)
	s.mountConsole(mux)
}

// apiRoutes are the authenticated API's handlers by pattern. Every one
// is described in openapi.json (a test checks both ways).
func (s *Console) apiRoutes() map[string]func(http.ResponseWriter, *http.Request, principal) {
	return map[string]func(http.ResponseWriter, *http.Request, principal){
		"GET /api/v1/me":                     s.handleMe,
		"GET /api/v1/tickets":                s.handleList,
		"GET /api/v1/tickets/{id}":           s.handleGet,
		"GET /api/v1/tickets/{id}/events":    s.handleEvents,
		"GET /api/v1/tickets/{id}/history":   s.handleHistory,
		"POST /api/v1/tickets/{id}/claim":    s.handleClaim,
		"POST /api/v1/tickets/{id}/messages": s.handleMessage,
		"POST /api/v1/tickets/{id}/notes":    s.handleNote,
		"PUT /api/v1/tickets/{id}/labels":    s.handleLabels,
		"POST /api/v1/tickets/{id}/transfer": s.handleTransfer,
		"POST /api/v1/tickets/{id}/release":  s.handleRelease,
		"POST /api/v1/tickets/{id}/resolve":  s.handleResolve,
		"POST /api/v1/tickets/{id}/return":   s.handleReturn,
		"POST /api/v1/queue/claim":           s.handleClaimNext,
		"GET /api/v1/search":                 s.handleSearch,
		"GET /api/v1/agents":                 s.handleAgents,
		"GET /api/v1/supervision":            s.handleSupervision,
		"GET /api/v1/canned":                 s.handleCanned,
		"GET /api/v1/stream":                 s.handleStream,
		"GET /api/v1/stats":                  s.handleStatsAPI,
	}
}

// principal is the agent a request comes from.
type principal struct {
	Account
	// sess is set for console sessions (cookie), nil for API tokens.
	sess *session
}

func (p principal) actor() handoff.Actor {
	return handoff.Actor{Name: p.Name, Display: p.DisplayName, Supervisor: p.Role == RoleSupervisor}
}

// authed authenticates a request by bearer token or console session; a
// session's mutations must carry its CSRF token (a token request cannot
// be forged by a browser, which never adds the header by itself).
func (s *Console) authed(h func(http.ResponseWriter, *http.Request, principal)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		p, err := s.authenticate(r)
		if err != nil {
			writeError(w, s.log, err, "")
			return
		}
		if p.sess != nil && r.Method != http.MethodGet && !s.sessions.checkCSRF(*p.sess, r.Header.Get(csrfHeader)) {
			writeError(w, s.log, guichet.Errorf(guichet.Forbidden, "handoff: api", "missing or wrong %s header", csrfHeader), "csrf")
			return
		}
		s.see(r.Context(), p.Name)
		h(w, r, p)
	})
}

func (s *Console) authenticate(r *http.Request) (principal, error) {
	const op = "handoff: authenticate"
	if auth := r.Header.Get("Authorization"); auth != "" {
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || token == "" {
			return principal{}, guichet.Errorf(guichet.Unauthorized, op, "Authorization must be 'Bearer TOKEN'")
		}
		ac, ok := s.accounts.byToken(strings.TrimSpace(token))
		if !ok {
			return principal{}, guichet.Errorf(guichet.Unauthorized, op, "unknown API token (create one with 'guichet agent token NAME')")
		}
		return principal{Account: ac}, nil
	}
	if sess, ac, ok := s.sessionOf(r); ok {
		return principal{Account: ac, sess: &sess}, nil
	}
	return principal{}, guichet.Errorf(guichet.Unauthorized, op, "send 'Authorization: Bearer TOKEN' or log in to the console")
}

// sessionOf returns the request's valid console session, if any: signed,
// not expired, not ended by a logout (Revocations) nor by 'guichet agent
// revoke' or a new password (the accounts file).
func (s *Console) sessionOf(r *http.Request) (session, Account, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return session{}, Account{}, false
	}
	sess, err := s.sessions.parse(c.Value)
	if err != nil {
		return session{}, Account{}, false
	}
	ac, ok := s.accounts.get(sess.Agent)
	if !ok || passwordFingerprint(ac) != sess.PW || !sess.Issued.After(ac.Revoked) {
		return session{}, Account{}, false
	}
	revoked, err := s.revocations.Revoked(r.Context(), sess.ID)
	if err != nil {
		s.log.Warn("console: session revocations unreadable: the session is refused", "agent", ac.Name, "err", err)
	}
	if err != nil || revoked {
		return session{}, Account{}, false
	}
	return sess, ac, true
}

// apiError is the error body: a stable code and a message for integrators.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

var kindStatus = map[guichet.Kind]int{guichet.Invalid: http.StatusBadRequest, guichet.NotFound: http.StatusNotFound,
	guichet.Conflict: http.StatusConflict, guichet.Forbidden: http.StatusForbidden,
	guichet.Unauthorized: http.StatusUnauthorized, guichet.Unavailable: http.StatusServiceUnavailable,
	guichet.TooMany: http.StatusTooManyRequests}

var kindCode = map[guichet.Kind]string{guichet.Invalid: "invalid_request", guichet.NotFound: "not_found",
	guichet.Conflict: "conflict", guichet.Forbidden: "forbidden", guichet.Unauthorized: "unauthorized",
	guichet.Unavailable: "unavailable", guichet.TooMany: "too_many_requests"}

// writeError maps err's kind to a status in one place. code overrides the
// kind's generic code where the API promises a specific one.
func writeError(w http.ResponseWriter, log interface{ Error(string, ...any) }, err error, code string) {
	kind := guichet.KindOf(err)
	status, ok := kindStatus[kind]
	msg := err.Error()
	if !ok {
		status, msg = http.StatusInternalServerError, "internal error"
		log.Error("handoff: api", "err", err)
	}
	if code == "" {
		code = kindCode[kind]
		if code == "" {
			code = "internal"
		}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="guichet"`)
	}
	writeJSON(w, status, map[string]apiError{"error": {Code: code, Message: msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// maxBody bounds request bodies: the largest is a reply of 8,000 characters.
const maxBody = 64 << 10

// readJSON decodes a request body strictly, saying what to fix. An empty
// body is allowed: actions such as claim have no fields.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return guichet.Errorf(guichet.Invalid, "handoff: request body", "want a JSON object: %v", err)
	}
	return nil
}

// securityHeaders keep the console out of frames and off other origins'
// scripts.
func securityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}
