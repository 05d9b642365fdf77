package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/dispatch"
)

// The soak's Facebook page: the instances take it from MessengerPage.Env,
// the fake Graph API checks what they send against it.
const (
	soakPageID = "1000000000000001"
	soakAppID  = "2000000000000002"
	// metadataPrefix is what the channel puts before a reply's event id in
	// the Send API's metadata (channels/messenger).
	metadataPrefix = "guichet:"
)

// messengerQuestions are what Messenger citizens ask before asking for a
// person: questions the knowledge base answers.
var messengerQuestions = []string{
	"combien coûte un passeport",
	"j'ai perdu mon permis de conduire",
	"comment refaire ma carte d'identité",
	"délai pour une carte grise",
}

// messengerHandoff is the message the crash report was about.
const messengerHandoff = "je veux parler à un conseiller"

// MessengerPage is the soak's Facebook page: a fake Graph API that records
// every answer, and the secrets the instances and the citizens share.
type MessengerPage struct {
	Graph     *fakegraph.Server
	appSecret string
	pageToken string

	mu      sync.Mutex
	answers map[string]*answer // by citizen message id (mid)
	bursts  []burstEvent
}

// burstEvent is a hand-off request of a burst: its person and message.
type burstEvent struct {
	psid string
	sent sent
}

// answer is what the fake Graph received for one citizen message.
type answer struct {
	first time.Time
	parts map[string]int // reply event id + text -> times received
}

// StartMessengerPage starts the fake Graph API. Close it when done.
func StartMessengerPage() *MessengerPage {
	p := &MessengerPage{appSecret: dispatch.NewID(), pageToken: "EAAG" + dispatch.NewID(), answers: map[string]*answer{}}
	p.Graph = fakegraph.Start(fakegraph.Config{Version: "v21.0", PageID: soakPageID, PageToken: p.pageToken, AppSecret: p.appSecret})
	p.Graph.OnMessage(p.received)
	return p
}

// Close stops the fake Graph API.
func (p *MessengerPage) Close() { p.Graph.Close() }

// Env is the configuration an instance needs to serve the page.
func (p *MessengerPage) Env() []string {
	return []string{"GUICHET_MESSENGER_ENABLED=true", "GUICHET_MESSENGER_GRAPH_URL=" + p.Graph.URL(),
		"GUICHET_MESSENGER_PAGE_ID=" + soakPageID, "GUICHET_MESSENGER_APP_ID=" + soakAppID,
		"GUICHET_MESSENGER_APP_SECRET=" + p.appSecret, "GUICHET_MESSENGER_PAGE_TOKEN=" + p.pageToken,
		"GUICHET_MESSENGER_VERIFY_TOKEN=" + dispatch.NewID()}
}

// received files a text the page sent under the citizen message it
// answers: the bot's replies carry the message's mid in their event id
// (mid/r0, mid/r1...). Notices from the hand-off carry other ids.
func (p *MessengerPage) received(m fakegraph.Message) {
	evID, ok := strings.CutPrefix(m.Metadata, metadataPrefix)
	if !ok {
		return
	}
	mid, _, ok := strings.Cut(evID, "/")
	if !ok || !strings.HasPrefix(mid, "m_soak_") {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	a := p.answers[mid]
	if a == nil {
		a = &answer{first: time.Now(), parts: map[string]int{}}
		p.answers[mid] = a
	}
	a.parts[evID+"\x00"+m.Text]++
}

// answered returns when the first answer to mid arrived, and whether any
// part of it arrived twice.
func (p *MessengerPage) answered(mid string) (at time.Time, doubled, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a := p.answers[mid]
	if a == nil {
		return time.Time{}, false, false
	}
	for _, n := range a.parts {
		doubled = doubled || n > 1
	}
	return a.first, doubled, true
}

// sent is one citizen message Meta delivered (an instance answered 200).
type sent struct {
	mid   string
	acked time.Time
}

var midSeq atomic.Uint64

// clock is the time format of the failures, to compare with the kills.
const clock = "15:04:05.000"

// messengerConversation is one person on Messenger: a question the
// knowledge base answers, then a request for a person, each sent as Meta
// would (signed, to any instance, again until one answers 200), each
// awaited before the next. The hand-off must open one ticket, which the
// agent then resolves.
func (r *runner) messengerConversation(ctx context.Context, name string) ([]sent, error) {
	n := midSeq.Add(1)
	psid := fmt.Sprintf("3%015d", n)
	r.mu.Lock()
	question := messengerQuestions[r.rnd.IntN(len(messengerQuestions))]
	r.mu.Unlock()
	var out []sent
	for i, text := range []string{question, messengerHandoff} {
		mid := fmt.Sprintf("m_soak_%d_%d", n, i)
		acked, err := r.postWebhook(ctx, psid, mid, text)
		if err != nil {
			return out, fmt.Errorf("messenger %s: %w", name, err)
		}
		out = append(out, sent{mid: mid, acked: acked})
		r.count(func(res *Result) { res.MessengerSent++ })
		r.awaitAnswer(ctx, mid, time.Minute)
	}
	r.count(func(res *Result) { res.HandoffsAsked++ })
	t, err := r.messengerTicket(ctx, psid)
	if err != nil {
		return out, fmt.Errorf("messenger %s: %w", name, err)
	}
	return out, r.close(ctx, t.ID)
}

// close claims a ticket, then resolves it.
func (r *runner) close(ctx context.Context, id string) error {
	var err error
	for range attempts {
		if err = r.agent.Call(ctx, r.pick(ctx), "POST", "/api/v1/tickets/"+id+"/claim", nil, nil); err == nil {
			return r.resolve(ctx, id)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("claim %s: %w", id, err)
}

// Burst posts, as one webhook to the instance at base, a request for a
// person from each of n new people: what the crash report did before
// killing the instance 150 ms after its 200. The soak checks at the end
// that each was answered once and opened one ticket.
func (p *MessengerPage) Burst(ctx context.Context, base string, n int) error {
	now := time.Now().UnixMilli()
	var evs []any
	var batch []burstEvent
	for range n {
		k := midSeq.Add(1)
		psid, mid := fmt.Sprintf("3%015d", k), fmt.Sprintf("m_soak_%d_b", k)
		evs = append(evs, map[string]any{"sender": map[string]string{"id": psid}, "recipient": map[string]string{"id": soakPageID},
			"timestamp": now, "message": map[string]string{"mid": mid, "text": messengerHandoff}})
		batch = append(batch, burstEvent{psid: psid, sent: sent{mid: mid}})
	}
	body, _ := json.Marshal(map[string]any{"object": "page",
		"entry": []any{map[string]any{"id": soakPageID, "time": now, "messaging": evs}}})
	code, err := p.post(ctx, base, body)
	if err != nil || code != http.StatusOK {
		return fmt.Errorf("burst of %d to %s: status %d, %v", n, base, code, err)
	}
	acked := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, b := range batch {
		b.sent.acked = acked
		p.bursts = append(p.bursts, b)
	}
	return nil
}

// post sends a signed webhook body and returns the status.
func (p *MessengerPage) post(ctx context.Context, base string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/webhooks/messenger", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(messenger.HeaderSignature256, messenger.Sign(p.appSecret, body))
	res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

func (p *MessengerPage) burstEvents() []burstEvent {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]burstEvent(nil), p.bursts...)
}

// checkBursts counts the tickets of the people of the bursts, one each
// expected, and closes them.
func (r *runner) checkBursts(ctx context.Context, bursts []burstEvent) {
	if len(bursts) == 0 {
		return
	}
	var open map[string][]Ticket
	var err error
	for range attempts {
		if open, err = r.agent.AllOpenTickets(ctx, r.pick(ctx)); err == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		r.count(func(res *Result) { res.Failures = append(res.Failures, "list open tickets: "+err.Error()) })
		return
	}
	for _, b := range bursts {
		ts := open["messenger:"+b.psid]
		r.count(func(res *Result) {
			res.HandoffsAsked++
			switch len(ts) {
			case 0:
				res.HandoffsLost++
				res.Failures = append(res.Failures, "burst hand-off request "+b.sent.mid+": no ticket")
			case 1:
				res.HandoffsOpened++
			default:
				res.HandoffsDoubled++
			}
		})
		for _, t := range ts {
			if err := r.close(ctx, t.ID); err != nil {
				r.count(func(res *Result) { res.Failures = append(res.Failures, err.Error()) })
			}
		}
	}
}

// postWebhook delivers one message event like Meta: signed, to a live
// instance, retried (on another) until one answers 200.
func (r *runner) postWebhook(ctx context.Context, psid, mid, text string) (time.Time, error) {
	ev := map[string]any{"sender": map[string]string{"id": psid}, "recipient": map[string]string{"id": soakPageID},
		"timestamp": time.Now().UnixMilli(), "message": map[string]string{"mid": mid, "text": text}}
	body, _ := json.Marshal(map[string]any{"object": "page",
		"entry": []any{map[string]any{"id": soakPageID, "time": time.Now().UnixMilli(), "messaging": []any{ev}}}})
	var last error
	for range 4 * attempts {
		code, err := r.cfg.Messenger.post(ctx, r.pick(ctx), body)
		if err == nil && code == http.StatusOK {
			return time.Now(), nil
		}
		if err == nil {
			err = fmt.Errorf("webhook answered %d", code)
		}
		last = err
		time.Sleep(250 * time.Millisecond)
	}
	return time.Time{}, fmt.Errorf("webhook for %s never accepted: %w", mid, last)
}

// awaitAnswer waits until the page answered mid, or for at most d.
func (r *runner) awaitAnswer(ctx context.Context, mid string, d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if _, _, ok := r.cfg.Messenger.answered(mid); ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// messengerTicket finds the open ticket of the person and checks it is
// the only one. It tries for 30 s: Redis may be restarting.
func (r *runner) messengerTicket(ctx context.Context, psid string) (Ticket, error) {
	var err error
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		fctx, cancel := context.WithDeadline(ctx, deadline)
		var ts []Ticket
		ts, err = r.agent.OpenTickets(fctx, r.pick(ctx), "messenger", psid)
		cancel()
		switch {
		case err == nil && len(ts) > 1:
			r.count(func(res *Result) { res.HandoffsDoubled++ })
			return ts[0], nil
		case err == nil && len(ts) == 1:
			r.count(func(res *Result) { res.HandoffsOpened++ })
			return ts[0], nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	r.count(func(res *Result) { res.HandoffsLost++ })
	return Ticket{}, fmt.Errorf("no ticket for messenger:%s: %w", psid, err)
}

// takenOverAfter tells a message the killed instance held, answered once
// another took its entries over (about 12 s), from one the surviving
// instance was answering anyway.
const takenOverAfter = 2 * time.Second

// checkMessenger waits a little for the answers still due, then counts
// what was answered, lost and doubled, and how long after each kill the
// messages in flight at that moment were answered.
func (r *runner) checkMessenger(all []sent, kills []time.Time) {
	deadline := time.Now().Add(time.Minute)
	for _, s := range all {
		for time.Now().Before(deadline) {
			if _, _, ok := r.cfg.Messenger.answered(s.mid); ok {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	var takeovers []time.Duration
	for _, s := range all {
		at, doubled, ok := r.cfg.Messenger.answered(s.mid)
		r.count(func(res *Result) {
			switch {
			case !ok:
				res.MessengerLost++
				res.Failures = append(res.Failures, fmt.Sprintf("messenger message %s acknowledged at %s, never answered",
					s.mid, s.acked.Format(clock)))
			case doubled:
				res.MessengerDoubled++
				res.MessengerAnswered++
				res.Failures = append(res.Failures, fmt.Sprintf("messenger message %s acknowledged at %s, answered at %s, a reply sent twice",
					s.mid, s.acked.Format(clock), at.Format(clock)))
			default:
				res.MessengerAnswered++
			}
		})
		for _, k := range kills {
			if ok && s.acked.Before(k) && at.After(k) {
				takeovers = append(takeovers, at.Sub(k))
			}
		}
	}
	slices.Sort(takeovers)
	r.count(func(res *Result) {
		res.InFlightAtKill = len(takeovers)
		res.TakenOver = len(takeovers) - sort.Search(len(takeovers), func(i int) bool { return takeovers[i] > takenOverAfter })
		if len(takeovers) > 0 {
			res.TakeoverMedian = takeovers[len(takeovers)/2]
			res.TakeoverMax = takeovers[len(takeovers)-1]
		}
	})
}
