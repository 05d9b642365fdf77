package messenger

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/guichet/guichet"
)

// Messenger profile limits.
const (
	MaxGreeting     = 160
	MaxMenuItems    = 20
	MaxMenuTitle    = 30
	MaxIceBreakers  = 4
	MaxIceQuestion  = 80
	profileEndpoint = "/me/messenger_profile"
)

// Profile is what the page shows before and around a conversation.
type Profile struct {
	GetStarted  string       // payload of the "Get started" button
	Greeting    string       // shown before the first message
	Menu        []MenuItem   // persistent menu
	IceBreakers []IceBreaker // suggested first questions
}

// MenuItem is a persistent-menu entry: a postback (Payload) or a link (URL).
type MenuItem struct {
	Title   string
	Payload string
	URL     string
}

// IceBreaker is a suggested first question; tapping it sends Payload as a
// postback.
type IceBreaker struct {
	Question string
	Payload  string
}

// DefaultProfile is the agency page's profile.
func DefaultProfile() Profile {
	return Profile{
		GetStarted: guichet.PayloadStart,
		Greeting: "Bonjour ! Je suis l'assistant automatique de l'ANTS : permis de conduire, carte grise, " +
			"carte d'identité et passeport. Un conseiller peut prendre le relais.",
		Menu: []MenuItem{
			{Title: "Poser une question", Payload: guichet.PayloadOther},
			{Title: "Parler à un conseiller", Payload: guichet.PayloadHandoff},
			{Title: "Suivre ma demande", Payload: guichet.PayloadTrack},
			{Title: "Site de l'ANTS", URL: "https://ants.gouv.fr/"},
		},
		IceBreakers: []IceBreaker{
			{Question: "Comment refaire mon permis de conduire ?", Payload: guichet.PayloadEntryPrefix + "permis.refaire"},
			{Question: "Comment faire ma carte grise ?", Payload: guichet.PayloadEntryPrefix + "civ.achat"},
			{Question: "Où en est ma demande ?", Payload: guichet.PayloadTrack},
			{Question: "Je voudrais parler à un conseiller", Payload: guichet.PayloadHandoff},
		},
	}
}

// Validate checks Meta's limits, saying what to change.
func (p Profile) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if n := utf8.RuneCountInString(p.Greeting); n > MaxGreeting {
		bad("greeting: %d characters, at most %d", n, MaxGreeting)
	}
	if len(p.Menu) > MaxMenuItems {
		bad("persistent menu: %d items, at most %d", len(p.Menu), MaxMenuItems)
	}
	for i, m := range p.Menu {
		if n := utf8.RuneCountInString(m.Title); n == 0 || n > MaxMenuTitle {
			bad("persistent menu item %d: title must have 1 to %d characters", i+1, MaxMenuTitle)
		}
		if (m.Payload == "") == (m.URL == "") {
			bad("persistent menu item %d (%q): set either a payload or a URL", i+1, m.Title)
		}
	}
	if len(p.IceBreakers) > MaxIceBreakers {
		bad("ice breakers: %d, at most %d", len(p.IceBreakers), MaxIceBreakers)
	}
	for i, b := range p.IceBreakers {
		if n := utf8.RuneCountInString(b.Question); n == 0 || n > MaxIceQuestion || b.Payload == "" {
			bad("ice breaker %d: question must have 1 to %d characters and a payload", i+1, MaxIceQuestion)
		}
	}
	return errors.Join(errs...)
}

// SetupProfile pushes the fields of p that differ from what the page has,
// and returns their names (none when nothing changed). Meta allows about
// ten profile calls per ten minutes per page, hence the comparison.
func (c *Client) SetupProfile(ctx context.Context, p Profile) ([]string, error) {
	const op = "messenger: setup profile"
	if err := p.Validate(); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	var current struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	q := url.Values{"fields": {"get_started,greeting,persistent_menu,ice_breakers"}}
	if err := c.call(ctx, http.MethodGet, profileEndpoint, q, nil, &current); err != nil {
		return nil, guichet.E(guichet.Unavailable, op, err)
	}
	have := map[string]json.RawMessage{}
	if len(current.Data) > 0 {
		have = current.Data[0]
	}
	changes := map[string]any{}
	var names []string
	for _, f := range p.fields() {
		if !sameJSON(have[f.name], f.value) {
			changes[f.name] = f.value
			names = append(names, f.name)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	if err := c.call(ctx, http.MethodPost, profileEndpoint, nil, changes, nil); err != nil {
		return nil, guichet.E(guichet.Unavailable, op, err)
	}
	return names, nil
}

// sameJSON compares a stored field with the wanted one, ignoring layout
// and key order.
func sameJSON(have json.RawMessage, want any) bool {
	if len(have) == 0 {
		return false
	}
	var h, w any
	wb, _ := json.Marshal(want)
	if json.Unmarshal(have, &h) != nil || json.Unmarshal(wb, &w) != nil {
		return false
	}
	hb, _ := json.Marshal(h)
	wb, _ = json.Marshal(w)
	return bytes.Equal(hb, wb)
}
