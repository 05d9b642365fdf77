// Package fakegraph is a fake of the Graph API routes the Messenger
// channel uses: the Send API (messages and sender actions) and the
// messenger profile. It checks what Meta checks (API version, page token,
// appsecret_proof, Send API limits), answering code 100 on a violation,
// records what it accepted, and injects Meta's errors, 5xx answers and
// stalls on demand. The channel's tests use it, and so does
// `guichet-load messenger simulate --fake-graph`.
package fakegraph

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Config is what the fake accepts.
type Config struct {
	Version   string // "v21.0"
	PageID    string
	PageToken string
	AppSecret string
}

// Message is a text the fake accepted.
type Message struct {
	Recipient     string
	MessagingType string
	Tag           string
	Text          string
	QuickReplies  []QuickReply
	Metadata      string
	Seq           int // order among all accepted messages and actions
}

// QuickReply is a quick reply as sent.
type QuickReply struct {
	ContentType string `json:"content_type"`
	Title       string `json:"title"`
	Payload     string `json:"payload"`
}

// Action is a sender action the fake accepted.
type Action struct {
	Recipient string
	Action    string
	Seq       int
}

// Server is a running fake.
type Server struct {
	cfg  Config
	srv  *httptest.Server
	quit chan struct{}
	once sync.Once

	mu           sync.Mutex
	faults       []Fault
	messages     []Message
	actions      []Action
	requests     int
	perRoute     map[string]int
	seq          int
	profile      map[string]json.RawMessage
	profilePosts int
	onMessage    func(Message)
}

// Start runs a fake on a free loopback port.
func Start(cfg Config) *Server {
	s := newServer(cfg)
	s.srv = httptest.NewServer(s.mux())
	return s
}

// Listen runs a fake on addr ("127.0.0.1:8090").
func Listen(cfg Config, addr string) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fakegraph: listen on %s: %w", addr, err)
	}
	s := newServer(cfg)
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: s.mux()}}
	s.srv.Start()
	return s, nil
}

func newServer(cfg Config) *Server {
	return &Server{cfg: cfg, quit: make(chan struct{}), profile: map[string]json.RawMessage{}, perRoute: map[string]int{}}
}

// URL is the base URL to set as messenger.graph_url.
func (s *Server) URL() string { return s.srv.URL }

// Close releases stalled requests and stops the fake.
func (s *Server) Close() {
	s.once.Do(func() { close(s.quit) })
	s.srv.Close()
}

// Inject makes the next n requests (on f.Route, or any) fail with f.
func (s *Server) Inject(f Fault, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, f)
	}
}

// OnMessage calls fn for every accepted text (simulate prints them).
func (s *Server) OnMessage(fn func(Message)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onMessage = fn
}

// Messages returns the texts accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Actions returns the sender actions accepted so far.
func (s *Server) Actions() []Action {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Action(nil), s.actions...)
}

// Requests counts every request received, failed ones included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// RequestsOn counts the requests received on one route, failed ones
// included: the attempts a client made.
func (s *Server) RequestsOn(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perRoute[route]
}

// ProfilePosts counts accepted messenger_profile updates.
func (s *Server) ProfilePosts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.profilePosts
}

func (s *Server) mux() http.Handler {
	mux := http.NewServeMux()
	v := "/" + s.cfg.Version
	mux.HandleFunc("POST "+v+"/me/messages", s.messagesRoute)
	mux.HandleFunc("POST "+v+"/"+s.cfg.PageID+"/messages", s.messagesRoute)
	mux.HandleFunc("GET "+v+"/me/messenger_profile", s.getProfile)
	mux.HandleFunc("POST "+v+"/me/messenger_profile", s.postProfile)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.count()
		graphError(w, 400, 100, 0, "Unknown path components: "+r.URL.Path+" (API version must be "+s.cfg.Version+")")
	})
	return mux
}

func (s *Server) count() {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
}

// admit counts the request, checks its credentials and applies the next
// fault for route. It reports whether the handler should go on.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, route string) bool {
	s.count()
	s.mu.Lock()
	s.perRoute[route]++
	s.mu.Unlock()
	q := r.URL.Query()
	if q.Get("access_token") != s.cfg.PageToken {
		graphError(w, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token")
		return false
	}
	if !hmac.Equal([]byte(q.Get("appsecret_proof")), []byte(proof(s.cfg.AppSecret, s.cfg.PageToken))) {
		graphError(w, 400, 100, 0, "Invalid appsecret_proof provided in the API argument")
		return false
	}
	f, ok := s.nextFault(route)
	if !ok {
		return true
	}
	s.fail(w, r, f)
	return false
}

func (s *Server) nextFault(route string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Route == "" || f.Route == route {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f, true
		}
	}
	return Fault{}, false
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, f Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	switch {
	case f.Stall:
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
	case f.NoBody:
		http.Error(w, "<html><body>Service Unavailable</body></html>", status)
	default:
		writeError(w, status, f.Code, f.Subcode, f.Transient, faultMessages[f.Code], faultTypes[f.Code])
	}
}

func proof(secret, token string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(token))
	return hex.EncodeToString(m.Sum(nil))
}

func graphError(w http.ResponseWriter, status, code, subcode int, msg string) {
	writeError(w, status, code, subcode, false, msg, "OAuthException")
}

func writeError(w http.ResponseWriter, status, code, subcode int, transient bool, msg, typ string) {
	if typ == "" {
		typ = "FacebookApiException"
	}
	body := map[string]any{"error": map[string]any{"message": msg, "type": typ, "code": code,
		"error_subcode": subcode, "is_transient": transient, "fbtrace_id": "AfakeTrace" + strings.Repeat("x", 4)}}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}
