package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/web"
)

// While an agent has the conversation, the widget tells the console that
// the citizen is typing, at most every 2.5 s; before the hand-off it says
// nothing (issue 19: the console's typing indicator never lit).
func TestBrowserSendsTypingDuringHandoff(t *testing.T) {
	for _, size := range [][2]int64{{390, 800}, {1280, 800}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			bus := &notices{}
			clk := &clock{t: time.Now()}
			s := newServerWith(t, nil, testConfig(), func(o *web.Options) { o.Typing, o.Now = bus, clk.now })
			p := newPage(t, size[0], size[1])
			p.open(s.srv.URL + "/")
			p.do("open", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
			p.waitText("Réponse: GET_STARTED")
			conv := eval[string](p, `JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv'))))`)
			// Count the typing frames the page sends, on a clock the test moves.
			eval[bool](p, `(() => {
				window.gwTyping = 0; window.gwNow = 1e6; Date.now = () => window.gwNow;
				const send = WebSocket.prototype.send;
				WebSocket.prototype.send = function (d) { if (String(d).includes('"typing"')) window.gwTyping++; return send.call(this, d); };
				return true; })()`)
			typed := func() int { return eval[int](p, `window.gwTyping`) }

			p.key("bonjour")
			if n := typed(); n != 0 {
				t.Errorf("%d typing frames before any hand-off, want none", n)
			}
			eval[bool](p, W+`.querySelector('#gw-input').value = '' || true`)

			s.agentSays(t, conv, "Bonjour, ici Camille.")
			p.waitText("Bonjour, ici Camille.")
			p.key("je cherche mon dossier")
			if n := typed(); n != 1 {
				t.Errorf("%d typing frames for one burst of typing, want 1", n)
			}
			eval[bool](p, `(window.gwNow += 3000) > 0`)
			clk.add(3 * time.Second)
			p.key(" de permis")
			if n := typed(); n != 2 {
				t.Errorf("%d typing frames after 3 s more of typing, want 2", n)
			}
			// The server passes them on to the consoles.
			id := guichet.NewConversationID(guichet.ChannelWeb, conv)
			for deadline := time.Now().Add(10 * time.Second); len(bus.typing(t, id)) < 2; {
				if time.Now().After(deadline) {
					t.Fatalf("typing notices %v, want two", bus.typing(t, id))
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}
