package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Cookie names.
const (
	sessionCookie    = "guichet_console"
	loginCSRFCookie  = "guichet_login_csrf"
	deviceCookie     = "guichet_device"
	csrfHeader       = "X-CSRF-Token"
	csrfField        = "csrf"
	sessionIDEntropy = 16
)

// sessions signs console sessions into cookies, so that any instance
// sharing the key accepts them without a server-side lookup.
type sessions struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// session is what a console cookie carries.
type session struct {
	Agent   string
	Issued  time.Time // sessions issued before Account.Revoked are over
	Expires time.Time
	ID      string // random: the CSRF token derives from it
	// PW is a fingerprint of the password hash: setting a new password
	// with 'guichet agent add' ends the sessions opened with the old one.
	PW string
}

func newSessions(key string, ttl time.Duration, now func() time.Time) *sessions {
	k := []byte(key)
	if len(k) == 0 {
		k = make([]byte, 32)
		if _, err := rand.Read(k); err != nil {
			panic("handoff: crypto/rand failed: " + err.Error())
		}
	}
	return &sessions{key: k, ttl: ttl, now: now}
}

func passwordFingerprint(ac Account) string {
	sum := sha256.Sum256([]byte(ac.PasswordHash))
	return hex.EncodeToString(sum[:6])
}

// issue returns a new session for ac and its cookie value.
func (s *sessions) issue(ac Account) (session, string) {
	now := s.now()
	sess := session{Agent: ac.Name, Issued: time.Unix(now.Unix(), 0), Expires: now.Add(s.ttl), ID: randomHex(sessionIDEntropy), PW: passwordFingerprint(ac)}
	payload := strings.Join([]string{sess.Agent, strconv.FormatInt(sess.Expires.Unix(), 10), sess.ID, sess.PW,
		strconv.FormatInt(sess.Issued.Unix(), 10)}, "|")
	return sess, base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + s.sign("session|"+payload)
}

// parse checks a cookie value's signature and expiry.
func (s *sessions) parse(value string) (session, error) {
	enc, sig, ok := strings.Cut(value, ".")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || !hmac.Equal([]byte(sig), []byte(s.sign("session|"+string(raw)))) {
		return session{}, fmt.Errorf("session cookie is not valid")
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 5 {
		return session{}, fmt.Errorf("session cookie is not valid")
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || s.now().Unix() >= exp {
		return session{}, fmt.Errorf("session expired")
	}
	issued, err := strconv.ParseInt(parts[4], 10, 64)
	if err != nil {
		return session{}, fmt.Errorf("session cookie is not valid")
	}
	return session{Agent: parts[0], Issued: time.Unix(issued, 0), Expires: time.Unix(exp, 0), ID: parts[2], PW: parts[3]}, nil
}

// deviceTTL is how long a browser where an agent logged in stays known:
// its logins are not slowed down by failures from elsewhere.
const deviceTTL = 365 * 24 * time.Hour

// issueDevice returns the value of a device cookie naming agent.
func (s *sessions) issueDevice(agent string) string {
	payload := agent + "|" + randomHex(16)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + s.sign("device|"+payload)
}

// device returns the id of the device cookie value when it names agent.
func (s *sessions) device(value, agent string) (string, bool) {
	enc, sig, ok := strings.Cut(value, ".")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || !hmac.Equal([]byte(sig), []byte(s.sign("device|"+string(raw)))) {
		return "", false
	}
	name, id, ok := strings.Cut(string(raw), "|")
	return id, ok && name == agent && id != ""
}

func (s *sessions) sign(msg string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrf is the session's CSRF token: derived, so nothing is stored.
func (s *sessions) csrf(sess session) string { return s.sign("csrf|" + sess.ID)[:32] }

func (s *sessions) checkCSRF(sess session, token string) bool {
	return token != "" && hmac.Equal([]byte(token), []byte(s.csrf(sess)))
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("handoff: crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// cookie builds a console cookie: HttpOnly, SameSite=Strict, and Secure
// when the request came over TLS or the public URL is https.
func (s *Console) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure || r.TLS != nil, SameSite: http.SameSiteStrictMode}
}
