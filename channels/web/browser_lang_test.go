package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet"
)

// The widget's interface follows the conversation's language, given by
// the latest bot or system message; every bubble carries its lang.
func TestBrowserFollowsConversationLanguage(t *testing.T) {
	s := newServer(t, nil, testConfig())
	p := newPage(t, 390, 844)
	p.open(s.srv.URL + "/")
	p.do("open", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
	p.waitText("Réponse: GET_STARTED")
	if got := eval[string](p, W+`.querySelector('textarea').placeholder`); got != "Votre question" {
		t.Errorf("French placeholder = %q", got)
	}
	conv := eval[string](p, `JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv'))))`)
	id := guichet.NewConversationID(guichet.ChannelWeb, conv)
	if _, err := s.disp.Send(context.Background(), id, guichet.Reply{Role: guichet.RoleBot, Text: "Hello, here are some options.",
		QuickReplies: []guichet.QuickReply{{Title: "Talk to an advisor", Payload: guichet.PayloadHandoff}},
		Meta:         &guichet.Meta{Decision: "notice", Lang: "en"}}); err != nil {
		t.Fatal(err)
	}
	p.waitText("Hello, here are some options.")
	ui := eval[map[string]string](p, `({
		placeholder: `+W+`.querySelector('textarea').placeholder,
		label: `+W+`.querySelector('label').textContent,
		send: `+W+`.querySelector('.send').textContent,
		close: `+W+`.querySelector('.close').title,
		log: `+W+`.querySelector('.log').getAttribute('aria-label'),
		qr: `+W+`.querySelector('.qr').getAttribute('aria-label'),
		title: `+W+`.querySelector('h2').textContent,
		panel: `+W+`.querySelector('.panel').lang,
		last: Array.from(`+W+`.querySelectorAll('.hist .bubble')).pop().lang,
		first: `+W+`.querySelector('.hist .bubble').lang,
	})`)
	want := map[string]string{"placeholder": "Your question", "label": "Your message", "send": "Send", "close": "Close the chat",
		"log": "Chat messages", "qr": "Suggested replies", "title": "Guichet assistant", "panel": "en", "last": "en", "first": "fr"}
	for k, v := range want {
		if ui[k] != v {
			t.Errorf("%s = %q, want %q", k, ui[k], v)
		}
	}
	p.key("I lost my licence")
	p.enter()
	p.waitText("Réponse: I lost my licence")
	if got := eval[string](p, `Array.from(`+W+`.querySelectorAll('.hist .msg.user .bubble')).pop().lang`); got != "en" {
		t.Errorf("the citizen's English message has lang %q, want en", got)
	}
}
