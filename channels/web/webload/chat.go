package webload

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/guichet/guichet/internal/jsonw"
)

// drainWait is how long Chat waits for replies after the last question.
const drainWait = 5 * time.Second

// ChatConfig describes the talking part of a load test.
type ChatConfig struct {
	URL      string
	Header   http.Header
	Senders  int           // connections asking questions
	Rate     float64       // questions per second, all senders together
	Duration time.Duration // how long to ask
	Texts    []string      // questions, used in turn (when Next is nil)
	// Next, when set, gives the text of the run's n-th question (n counts
	// every sender's questions together, from 0), or false when there are
	// no more: the sender that asks it stops. Unlike Texts, it lets a run
	// ask each question once, so that no cache answers it.
	Next func(n int) (string, bool)
	// Sources are the local addresses the senders connect from, in turn.
	Sources []net.IP
	// PerConversation, when positive, is how many questions a connection
	// asks before it waits for its replies, closes and opens a new
	// conversation, as citizens come and go; 0 keeps one conversation per
	// connection for the whole run. Either way a conversation the bot
	// hands to a person ends there: its connection opens a new one before
	// its next question, since the bot no longer answers in it (a person
	// does), and a question left to a person is no measure of the bot.
	PerConversation int
}

// ChatResult is what happened. A question's latency runs from the moment
// it was due (not when it was written, so that a stalled client does not
// hide the server's delay) to the first reply event that follows it.
type ChatResult struct {
	Senders    int // connections that asked
	Sent       int
	Answered   int
	Refused    int           // error frames: rate limits, server failures
	Elapsed    time.Duration // from the first question due to the last reply
	Latencies  []time.Duration
	FirstError string
	Exhausted  bool // Next ran out before the end of the run
	// HandedOff counts the conversations the bot handed to a person,
	// each followed by a new one on its connection.
	HandedOff int
}

type sender struct {
	id int
	ws *websocket.Conn

	mu       sync.Mutex
	due      map[string]time.Time // question id -> when it was due
	lastUser string               // question whose reply comes next
	handed   bool                 // the bot handed the conversation to a person
}

type tally struct {
	mu   sync.Mutex
	res  ChatResult
	last time.Time // when the last reply arrived
}

func (t *tally) answered(at time.Time, latency time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.res.Answered++
	t.res.Latencies = append(t.res.Latencies, latency)
	t.last = at
}

func (t *tally) add(f func(r *ChatResult)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f(&t.res)
}

// Chat opens cfg.Senders connections and has them ask questions at
// cfg.Rate for cfg.Duration, then waits a little for the last replies.
func Chat(ctx context.Context, cfg ChatConfig) (ChatResult, error) {
	if cfg.Senders < 1 || cfg.Rate <= 0 || cfg.Duration <= 0 || (len(cfg.Texts) == 0 && cfg.Next == nil) {
		return ChatResult{}, fmt.Errorf("webload: want senders, rate, duration and texts")
	}
	pool := OpenFrom(ctx, cfg.URL, cfg.Header, cfg.Senders, 32, cfg.Sources)
	defer pool.Close()
	if n, err := pool.Failed(); n > 0 {
		return ChatResult{}, fmt.Errorf("webload: %d of %d senders could not connect: %w", n, cfg.Senders, err)
	}
	t := &tally{}
	var readers sync.WaitGroup
	senders := make([]*sender, len(pool.conns))
	for i, ws := range pool.conns {
		senders[i] = &sender{id: i, ws: ws, due: map[string]time.Time{}}
		readers.Add(1)
		go func() { defer readers.Done(); senders[i].read(t) }()
	}
	start := time.Now()
	ask(ctx, senders, cfg, start, t, &readers)
	drain(ctx, senders)
	pool.Close()
	for _, s := range senders {
		s.ws.Close() // those that replaced the pool's
	}
	readers.Wait()
	t.res.Senders = len(senders)
	if !t.last.IsZero() {
		t.res.Elapsed = t.last.Sub(start)
	}
	return t.res, nil
}

// ask runs one goroutine per sender, each asking at Rate/Senders with its
// start spread over the first interval.
func ask(ctx context.Context, senders []*sender, cfg ChatConfig, start time.Time, t *tally, readers *sync.WaitGroup) {
	interval := time.Duration(float64(len(senders)) / cfg.Rate * float64(time.Second))
	end := start.Add(cfg.Duration)
	var count atomic.Int64
	text := func(s, n int) (string, bool) {
		if cfg.Next == nil {
			return cfg.Texts[(s+n)%len(cfg.Texts)], true
		}
		return cfg.Next(int(count.Add(1) - 1))
	}
	var wg sync.WaitGroup
	for _, s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			offset := time.Duration(int64(interval) * int64(s.id) / int64(len(senders)))
			// rotated is when the sender last had its new conversation.
			// Questions due while it waited for its last replies (up to 2 s
			// for one handed to agents, which the bot never answers) are
			// measured from then: that wait is the generator's, and the
			// replies it waited for are measured on their own.
			var rotated time.Time
			asked := 0 // in the current conversation
			for n, due := 0, start.Add(offset); due.Before(end) && ctx.Err() == nil; n, due = n+1, due.Add(interval) {
				time.Sleep(time.Until(due))
				if cfg.PerConversation > 0 && asked == cfg.PerConversation || s.isHanded() {
					asked = 0
					next, err := s.rotate(ctx, cfg, t, readers)
					if err != nil {
						t.add(func(r *ChatResult) { r.FirstError = firstOf(r.FirstError, "reconnect: "+err.Error()) })
						return
					}
					s, rotated = next, time.Now()
					senders[s.id] = s
				}
				q, ok := text(s.id, n)
				if !ok {
					t.add(func(r *ChatResult) { r.Exhausted = true })
					return
				}
				if !s.send(questionID(s.id, n), q, later(due, rotated), t) {
					return
				}
				asked++
			}
		}()
	}
	wg.Wait()
}

// rotate waits a little for s's last replies, closes it and greets a new
// conversation in its place, read by a new reader.
func (s *sender) rotate(ctx context.Context, cfg ChatConfig, t *tally, readers *sync.WaitGroup) (*sender, error) {
	for wait := time.Now().Add(2 * time.Second); s.waiting() > 0 && time.Now().Before(wait); {
		time.Sleep(5 * time.Millisecond)
	}
	s.ws.Close()
	d := &dialer
	if len(cfg.Sources) > 0 {
		d = dialerFrom(cfg.Sources[s.id%len(cfg.Sources)])
	}
	// The server may not have seen the old connection close yet, and refuse
	// the new one while it counts both against the address: try again.
	ws, err := greet(ctx, d, cfg.URL, cfg.Header)
	for try := 1; err != nil && try < 5 && ctx.Err() == nil; try++ {
		time.Sleep(time.Duration(try) * 100 * time.Millisecond)
		ws, err = greet(ctx, d, cfg.URL, cfg.Header)
	}
	if err != nil {
		return nil, err
	}
	next := &sender{id: s.id, ws: ws, due: map[string]time.Time{}}
	readers.Add(1)
	go func() { defer readers.Done(); next.read(t) }()
	return next, nil
}

func (s *sender) send(id, text string, due time.Time, t *tally) bool {
	msg := messageFrame(id, text)
	s.mu.Lock()
	s.due[id] = due
	s.mu.Unlock()
	s.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if err := s.ws.WriteMessage(websocket.TextMessage, msg); err != nil {
		t.add(func(r *ChatResult) { r.FirstError = firstOf(r.FirstError, "write: "+err.Error()) })
		return false
	}
	t.add(func(r *ChatResult) { r.Sent++ })
	return true
}

// read matches replies with questions: the server handles one
// connection's questions in order and sends its events in order, so the
// first non-user event after a question's own event answers it.
func (s *sender) read(t *tally) {
	for {
		_, data, err := s.ws.ReadMessage()
		if err != nil {
			return
		}
		f, err := parseFrame(data)
		if err != nil {
			continue
		}
		switch f.Type {
		case "events":
			s.events(f, t)
		case "error":
			s.mu.Lock()
			delete(s.due, f.ID) // refused: no reply will come
			s.mu.Unlock()
			t.add(func(r *ChatResult) { r.Refused++; r.FirstError = firstOf(r.FirstError, "server: "+f.Code) })
		}
	}
}

func (s *sender) events(f frame, t *tally) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range f.Events {
		if ev.Role == "user" {
			s.lastUser = ev.ClientID
			continue
		}
		if ev.Meta.Decision == "handoff" && !s.handed {
			s.handed = true
			t.add(func(r *ChatResult) { r.HandedOff++ })
		}
		due, ok := s.due[s.lastUser]
		if !ok {
			continue
		}
		delete(s.due, s.lastUser)
		s.lastUser = ""
		t.answered(now, now.Sub(due))
	}
}

// isHanded reports whether the bot handed s's conversation to a person.
func (s *sender) isHanded() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handed
}

func (s *sender) waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.due)
}

// drain waits until every question has its reply, or drainWait.
func drain(ctx context.Context, senders []*sender) {
	deadline := time.Now().Add(drainWait)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		left := 0
		for _, s := range senders {
			left += s.waiting()
		}
		if left == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// questionID names sender s's n-th question.
func questionID(s, n int) string {
	b := make([]byte, 0, 16)
	b = append(b, 's')
	b = strconv.AppendInt(b, int64(s), 10)
	b = append(b, '-')
	return string(strconv.AppendInt(b, int64(n), 10))
}

// messageFrame is the citizen's message frame, as json.Marshal writes it
// from a map (keys in order, HTML characters escaped).
func messageFrame(id, text string) []byte {
	b := make([]byte, 0, len(id)+len(text)+40)
	b = append(b, `{"id":`...)
	b = jsonw.AppendString(b, id)
	b = append(b, `,"text":`...)
	b = jsonw.AppendString(b, text)
	return append(b, `,"type":"message"}`...)
}

func firstOf(have, next string) string {
	if have != "" {
		return have
	}
	return next
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
