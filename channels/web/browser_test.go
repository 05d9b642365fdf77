package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/guichet/guichet"
)

// A citizen on a phone, keyboard only: opens the widget, asks, picks a
// quick reply, closes it with Escape, reloads the page and finds the
// history, then loses the network while an agent answers and while they
// type; when the network comes back both messages arrive, once each.
func TestBrowserConversation(t *testing.T) {
	s := newServer(t, nil, testConfig())
	px := newProxy(t, s.srv.Listener.Addr().String())
	p := newPage(t, 390, 844)
	p.open("http://" + px.addr() + "/")
	p.shot("closed")

	label := eval[string](p, W+`.querySelector('.launcher').getAttribute('aria-label')`)
	if !strings.HasPrefix(label, "Ouvrir la discussion") {
		t.Errorf("launcher's accessible name %q must begin with \"Ouvrir la discussion\"", label)
	}
	eval[bool](p, W+`.querySelector('.launcher').focus() || true`)
	p.enter()
	if f := p.focused(); !strings.HasPrefix(f, "gw-input:") {
		t.Errorf("after opening, focus is on %q, want the message field", f)
	}
	p.waitText("Réponse: GET_STARTED") // the greeting the bot sends on first open

	p.key("j'ai perdu mon permis")
	p.enter()
	p.waitText("Réponse: j'ai perdu mon permis")
	p.shot("answered")

	p.key(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)) // back from the field to the last quick reply
	if f := p.focused(); f != "BUTTON:Parler à un conseiller" {
		t.Errorf("shift-tab from the field reached %q, want the quick reply", f)
	}
	p.enter()
	p.waitText("Réponse: Parler à un conseiller")

	p.key(kb.Escape)
	if f := p.focused(); !strings.HasPrefix(f, "launcher:") {
		t.Errorf("after Escape, focus is on %q, want the launcher", f)
	}
	if !eval[bool](p, W+`.querySelector('.panel').hidden`) {
		t.Error("Escape did not close the panel")
	}

	p.do("reload", chromedp.Reload())
	p.wait("the widget", W+`.querySelector('.launcher') !== null`)
	p.do("open by mouse", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
	p.waitText("Réponse: Parler à un conseiller")
	for _, text := range []string{"j'ai perdu mon permis", "Réponse: j'ai perdu mon permis", "Parler à un conseiller"} {
		if n := p.count(text); n != 1 {
			t.Errorf("after reload %q is shown %d times, want once; shown: %q", text, n, p.bubbles())
		}
	}

	conv := eval[string](p, `JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv'))))`)
	px.cut()
	p.wait("the widget to notice", W+`.querySelector('.status').textContent.includes('Connexion perdue')`)
	s.agentSays(t, conv, "Bonjour, je suis Camille, conseillère.")
	p.key("Je suis dans le train")
	p.enter()
	p.wait("the queued message", W+`.querySelector('.pend').textContent.includes('En attente de connexion')`)
	p.shot("offline")

	px.restore()
	eval[bool](p, `window.dispatchEvent(new Event('online'))`)
	p.waitText("Bonjour, je suis Camille, conseillère.")
	p.waitText("Réponse: Je suis dans le train")
	p.wait("the queue to empty", W+`.querySelector('.pend').textContent === ''`)
	p.shot("back-online")
	for _, text := range []string{"Bonjour, je suis Camille, conseillère.", "Je suis dans le train"} {
		if n := p.count(text); n != 1 {
			t.Errorf("%q is shown %d times, want once; shown: %q", text, n, p.bubbles())
		}
	}
	var recorded int
	for _, ev := range s.transcript(t, conv) {
		if ev.Text == "Je suis dans le train" {
			recorded++
		}
	}
	if recorded != 1 {
		t.Errorf("the message typed offline was recorded %d times, want once", recorded)
	}
	if st := p.status(); !strings.Contains(st, "Camille") {
		t.Errorf("status %q should say who the citizen is talking with", st)
	}
}

// Whatever the bot or an agent writes is shown as text; only http(s)
// addresses become links, opening in a new tab without an opener.
func TestBrowserRendersTextOnly(t *testing.T) {
	s := newServer(t, nil, testConfig())
	p := newPage(t, 390, 844)
	p.open(s.srv.URL + "/")
	p.do("open", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
	p.waitText("Réponse: GET_STARTED")
	conv := eval[string](p, `JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv'))))`)
	evil := `<img src=x onerror="window.pwned=1"><b>gras</b> javascript:window.pwned=2 voir https://www.ants.gouv.fr/demarches.`
	s.agentSays(t, conv, evil)
	p.waitText(evil)
	if eval[bool](p, `!!window.pwned || `+W+`.querySelector('.bubble img, .bubble b') !== null`) {
		t.Error("HTML from a message was interpreted")
	}
	links := eval[[]map[string]string](p, `Array.from(`+W+`.querySelectorAll('.bubble a')).map(a =>
		({href: a.href, target: a.target, rel: a.rel, title: a.title}))`)
	if len(links) != 1 || links[0]["href"] != "https://www.ants.gouv.fr/demarches" ||
		links[0]["target"] != "_blank" || links[0]["rel"] != "noopener noreferrer" ||
		!strings.Contains(links[0]["title"], "nouvelle fenêtre") {
		t.Errorf("links = %v, want only https://www.ants.gouv.fr/demarches, new tab said in its title, noopener noreferrer", links)
	}
}

// The hand-off's status shows above the messages; a message arriving
// while the widget is closed shows a badge on the launcher and in its
// name; "Nouvelle conversation" starts afresh.
func TestBrowserHandoffBadgeAndNewConversation(t *testing.T) {
	s := newServer(t, nil, testConfig())
	p := newPage(t, 390, 844)
	p.open(s.srv.URL + "/")
	p.do("open", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
	p.waitText("Réponse: GET_STARTED")
	conv := eval[string](p, `JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv'))))`)
	_, err := s.disp.Send(t.Context(), guichet.NewConversationID(guichet.ChannelWeb, conv), guichet.Reply{Role: guichet.RoleSystem,
		Text: "Votre demande est transmise à un conseiller.", Meta: &guichet.Meta{Status: "waiting", Position: 3, Ticket: "T-42"}})
	if err != nil {
		t.Fatal(err)
	}
	p.wait("queue position", W+`.querySelector('.status').textContent.includes('position dans la file : 3')`)
	if st := p.status(); !strings.HasPrefix(st, "Un conseiller va vous répondre") {
		t.Errorf("status %q, want the hand-off notice", st)
	}

	p.key(kb.Escape)
	s.agentSays(t, conv, "Bonjour, ici Camille.")
	p.wait("badge", W+`.querySelector('.badge').textContent === '1' && !`+W+`.querySelector('.badge').hidden`)
	label := eval[string](p, W+`.querySelector('.launcher').getAttribute('aria-label')`)
	if !strings.HasPrefix(label, "Ouvrir la discussion") || !strings.Contains(label, "1 nouveau message") {
		t.Errorf("launcher name %q should begin with \"Ouvrir la discussion\" and count the new message", label)
	}
	p.shot("badge")
	p.enter() // focus is on the launcher after Escape
	p.wait("badge gone", W+`.querySelector('.badge').hidden`)

	p.do("new conversation", chromedp.Click(chromedp.JSPath(W+`.querySelector('.reset')`)))
	p.wait("a new conversation", `JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv')))) !== `+strconv.Quote(conv)+
		` && JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv')))) !== ''`)
	p.waitText("Réponse: GET_STARTED")
	if n := p.count("Bonjour, ici Camille."); n != 0 {
		t.Errorf("the old conversation is still shown after \"Nouvelle conversation\": %q", p.bubbles())
	}
	if st := p.status(); st != "" {
		t.Errorf("status %q carried over to the new conversation", st)
	}
}

// A message the server closes the socket on (here a payload far beyond
// any frame limit) is given up after two sockets, shown as not sent,
// instead of being sent again in a reconnection loop; the next message
// goes through.
func TestBrowserGivesUpAMessageThatKillsItsSocket(t *testing.T) {
	s := newServer(t, nil, testConfig())
	p := newPage(t, 390, 844)
	p.open(s.srv.URL + "/")
	key := "guichet:" + strings.TrimPrefix(s.srv.URL, "http://") + ":outbox"
	eval[bool](p, `(localStorage.setItem(`+strconv.Quote(key)+`,
		JSON.stringify([{id: 'poison', text: 'poison', payload: 'x'.repeat(200000)}])), true)`)
	p.open(s.srv.URL + "/")
	p.do("open", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
	p.wait("the message given up", W+`.innerHTML.includes('coupée deux fois')`)
	p.key("j'ai perdu mon permis")
	p.enter()
	p.waitText("Réponse: j'ai perdu mon permis")
	if n := s.counter("guichet_widget_disconnects_total", map[string]string{"reason": "too_big"}); n != 2 {
		t.Errorf("the message killed %v sockets, want 2 before it was given up", n)
	}
}
