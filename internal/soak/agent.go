package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Agent is an integration using the hand-off API with a bearer token.
type Agent struct {
	Token string
	HTTP  *http.Client
}

// APIError is an error answer of the API.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Message)
}

// Call sends one request to the instance at base and decodes the answer
// into out (when not nil). A non-2xx answer is an *APIError.
func (a *Agent) Call(ctx context.Context, base, method, path string, body, out any) error {
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.Token)
	req.Header.Set("Content-Type", "application/json")
	c := a.HTTP
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		_ = json.NewDecoder(res.Body).Decode(&e)
		return &APIError{Status: res.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// Ticket is the part of a ticket the soak looks at.
type Ticket struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	Agent        string `json:"agent"`
	Conversation struct {
		ID      string `json:"id"`
		Channel string `json:"channel"`
		Subject string `json:"subject"`
	} `json:"conversation"`
}

// FindTicket returns the waiting or assigned ticket of the web
// conversation subject, waiting for it to appear.
func (a *Agent) FindTicket(ctx context.Context, base, subject string) (Ticket, error) {
	for {
		for _, status := range []string{"waiting", "assigned"} {
			var list struct{ Tickets []Ticket }
			if err := a.Call(ctx, base, "GET", "/api/v1/tickets?status="+status+"&limit=1000", nil, &list); err != nil {
				return Ticket{}, err
			}
			for _, t := range list.Tickets {
				if t.Conversation.Channel == "web" && t.Conversation.Subject == subject {
					return t, nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return Ticket{}, fmt.Errorf("no ticket for web:%s: %w", subject, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Reply sends text on ticket id through the instance at base. A non-empty
// key makes it idempotent: retried with the same key, it is recorded once.
func (a *Agent) Reply(ctx context.Context, base, id, text, key string) error {
	body := map[string]string{"text": text}
	if key != "" {
		body["id"] = key
	}
	return a.Call(ctx, base, "POST", "/api/v1/tickets/"+id+"/messages", body, nil)
}

// Transcript returns the ticket's conversation as the API shows it.
func (a *Agent) Transcript(ctx context.Context, base, id string) ([]Event, error) {
	var out struct{ Events []Event }
	var all []Event
	after := int64(0)
	for {
		if err := a.Call(ctx, base, "GET", fmt.Sprintf("/api/v1/tickets/%s/events?after=%d", id, after), nil, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Events...)
		if len(out.Events) < 200 {
			return all, nil
		}
		after = out.Events[len(out.Events)-1].Seq
	}
}

// OpenTickets returns the waiting and assigned tickets of the conversation
// channel:subject, waiting until there is at least one.
func (a *Agent) OpenTickets(ctx context.Context, base, channel, subject string) ([]Ticket, error) {
	for {
		var out []Ticket
		for _, status := range []string{"waiting", "assigned"} {
			var list struct{ Tickets []Ticket }
			if err := a.Call(ctx, base, "GET", "/api/v1/tickets?status="+status+"&limit=1000", nil, &list); err != nil {
				return nil, err
			}
			for _, t := range list.Tickets {
				if t.Conversation.Channel == channel && t.Conversation.Subject == subject {
					out = append(out, t)
				}
			}
		}
		if len(out) > 0 {
			return out, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no ticket for %s:%s: %w", channel, subject, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// AllOpenTickets returns the waiting and assigned tickets by conversation
// ("channel:subject").
func (a *Agent) AllOpenTickets(ctx context.Context, base string) (map[string][]Ticket, error) {
	out := map[string][]Ticket{}
	for _, status := range []string{"waiting", "assigned"} {
		var list struct{ Tickets []Ticket }
		if err := a.Call(ctx, base, "GET", "/api/v1/tickets?status="+status+"&limit=1000", nil, &list); err != nil {
			return nil, err
		}
		for _, t := range list.Tickets {
			k := t.Conversation.Channel + ":" + t.Conversation.Subject
			out[k] = append(out[k], t)
		}
	}
	return out, nil
}
