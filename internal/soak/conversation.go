package soak

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// attempts bounds the retries of one step across instances.
const attempts = 8

// conversation runs one citizen's hand-off from the request to the
// resolution, then checks what each side received.
func (r *runner) conversation(ctx context.Context, name string) error {
	w, err := r.widget(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	if !r.say(ctx, w, "handoff", "", "HANDOFF") {
		return fmt.Errorf("conversation %s: hand-off request not acknowledged", name)
	}
	t, err := r.claim(ctx, w.Subject())
	if err != nil {
		return fmt.Errorf("conversation %s: %w", name, err)
	}
	var replies, messages []string
	for i := range r.cfg.Rounds {
		text := fmt.Sprintf("agent %s %d", name, i)
		if r.reply(ctx, t.ID, text) {
			replies = append(replies, text)
		}
		text = fmt.Sprintf("citoyen %s %d", name, i)
		if r.say(ctx, w, fmt.Sprintf("m%d", i), text, "") {
			messages = append(messages, text)
		}
		if r.chance(r.cfg.Reconnect) {
			r.move(ctx, w)
		}
		r.pause(50 * time.Millisecond)
	}
	r.settle(ctx, w, replies)
	r.check(ctx, w, t.ID, replies, messages)
	return r.resolve(ctx, t.ID)
}

// widget opens a conversation on a random instance.
func (r *runner) widget(ctx context.Context) (*Widget, error) {
	var err error
	for range attempts {
		var w *Widget
		if w, err = NewWidget(ctx, r.pick(ctx)); err == nil {
			r.count(func(res *Result) { res.Conversations++ })
			return w, nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return nil, err
}

// move reconnects the widget to a random instance, resuming from the last
// event it saw.
func (r *runner) move(ctx context.Context, w *Widget) {
	for range attempts {
		if w.Connect(ctx, r.pick(ctx)) == nil {
			r.count(func(res *Result) { res.Reconnects++ })
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// say sends a citizen message until the server acknowledges it, moving to
// another instance when the connection fails. The client id makes a resent
// message a duplicate the server drops.
func (r *runner) say(ctx context.Context, w *Widget, id, text, payload string) bool {
	for range attempts {
		if w.Send(id, text, payload) == nil {
			actx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := w.WaitAck(actx, id)
			cancel()
			if err == nil {
				if text != "" {
					r.count(func(res *Result) { res.CitizenSent++ })
				}
				return true
			}
		}
		r.move(ctx, w)
	}
	return false
}

// claim finds the conversation's ticket and claims it.
func (r *runner) claim(ctx context.Context, subject string) (Ticket, error) {
	var err error
	for range attempts {
		fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		var t Ticket
		t, err = r.agent.FindTicket(fctx, r.pick(ctx), subject)
		cancel()
		if err == nil {
			if err = r.agent.Call(ctx, r.pick(ctx), "POST", "/api/v1/tickets/"+t.ID+"/claim", nil, nil); err == nil {
				return t, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return Ticket{}, fmt.Errorf("claim: %w", err)
}

// reply sends an agent reply, retrying through other instances when one
// fails before answering. The request's id makes the retries harmless:
// the reply is recorded once however many attempts reached a server.
func (r *runner) reply(ctx context.Context, id, text string) bool {
	key := strings.ReplaceAll(text, " ", "-")
	key = strings.ReplaceAll(key, ".", "_")
	for range attempts {
		err := r.agent.Reply(ctx, r.pick(ctx), id, text, key)
		var apiErr *APIError
		switch {
		case err == nil:
			r.count(func(res *Result) { res.AgentSent++ })
			return true
		case errors.As(err, &apiErr) && apiErr.Status < 500:
			return false
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

// recorded counts the events of role with text in the ticket's transcript.
func (r *runner) recorded(ctx context.Context, id, role, text string) int {
	for range attempts {
		evs, err := r.agent.Transcript(ctx, r.pick(ctx), id)
		if err != nil {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		n := 0
		for _, ev := range evs {
			if ev.Role == role && ev.Text == text {
				n++
			}
		}
		return n
	}
	return -1
}

// settle waits for the widget to receive every reply, moving it when the
// instance it is on went away.
func (r *runner) settle(ctx context.Context, w *Widget, replies []string) {
	all := func(map[int64]Event) bool {
		got := w.textsLocked("agent")
		for _, t := range replies {
			if got[t] == 0 {
				return false
			}
		}
		return true
	}
	for range attempts {
		wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		err := w.Wait(wctx, all)
		cancel()
		if err == nil {
			return
		}
		r.move(ctx, w)
	}
}

// check counts what each side got.
func (r *runner) check(ctx context.Context, w *Widget, id string, replies, messages []string) {
	got := w.Texts("agent")
	r.count(func(res *Result) {
		res.Redelivered += w.Redelivered()
		for _, t := range replies {
			switch n := got[t]; {
			case n == 0:
				res.AgentLost++
			case n > 1:
				res.AgentDoubled++
				res.AgentReceived++
			default:
				res.AgentReceived++
			}
		}
	})
	for _, t := range messages {
		n := r.recorded(ctx, id, "user", t)
		r.count(func(res *Result) {
			switch {
			case n == 0:
				res.CitizenLost++
			case n > 1:
				res.CitizenDoubled++
				res.CitizenRecorded++
			case n == 1:
				res.CitizenRecorded++
			}
		})
	}
}

// resolve closes the ticket, hands the conversation back to the bot.
func (r *runner) resolve(ctx context.Context, id string) error {
	var err error
	for range attempts {
		err = r.agent.Call(ctx, r.pick(ctx), "POST", "/api/v1/tickets/"+id+"/resolve", map[string]string{"reason": "soak"}, nil)
		var apiErr *APIError
		if err == nil || errors.As(err, &apiErr) && apiErr.Code == "wrong_status" {
			return nil // done, perhaps by an attempt whose answer was lost
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("resolve %s: %w", id, err)
}
