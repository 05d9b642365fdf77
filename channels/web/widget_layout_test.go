package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/web"
)

// longAnswer is a 150-word answer as the bot writes it: an address
// followed by a full stop written apart, and the feedback question last.
const longAnswer = "Si vous avez perdu votre permis de conduire, la perte se déclare directement en ligne, " +
	"dans la même démarche que la demande de nouveau permis, sur https://permisdeconduire.ants.gouv.fr/ . " +
	"Inutile de passer par le commissariat ou la gendarmerie : la déclaration de perte faite en ligne suffit. " +
	"Pendant la démarche, vous joignez une photo d'identité numérique (code photo e-photo délivré par un " +
	"photographe ou une cabine agréée), un justificatif de domicile de moins de six mois et un timbre fiscal " +
	"de 25 euros, que vous pouvez acheter en ligne. Le récépissé de déclaration de perte vous permet de conduire " +
	"pendant un mois, le temps de recevoir le nouveau titre. Vous suivez l'avancement de la demande dans votre " +
	"espace ANTS, et le permis est envoyé à votre domicile par courrier sécurisé. Si vous retrouvez votre permis " +
	"après la déclaration, il n'est plus valable : rapportez-le en préfecture ou détruisez-le.\n\n" +
	"Cette réponse vous a-t-elle aidé ?"

var longAnswerButtons = []guichet.QuickReply{
	{Title: "Oui, merci", Payload: "HELPFUL:yes"},
	{Title: "Non", Payload: "HELPFUL:no"},
	{Title: "Permis de conduire volé", Payload: "ENTRY:permis.vol"},
	{Title: "Permis de conduire abîmé (détérioration)", Payload: "ENTRY:permis.deterioration"},
	{Title: "Acheter un timbre fiscal", Payload: "ENTRY:timbre"},
	{Title: "Parler à un conseiller", Payload: guichet.PayloadHandoff},
}

// openConversation opens the widget on a fresh page and returns the
// conversation's subject once the greeting is shown.
func openConversation(t *testing.T, s *server, w, h int64) (*page, string) {
	t.Helper()
	p := newPage(t, w, h)
	p.open(s.srv.URL + "/")
	p.do("open", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
	p.waitText("Réponse: GET_STARTED")
	conv := eval[string](p, `JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv'))))`)
	return p, conv
}

func (s *server) botSays(t *testing.T, subject string, r guichet.Reply) {
	t.Helper()
	if _, err := s.disp.Send(context.Background(), guichet.NewConversationID(guichet.ChannelWeb, subject), r); err != nil {
		t.Fatalf("bot send: %v", err)
	}
}

// A long answer on a phone and on a desktop: it is read from its first
// line; the question that ends it shows together with its buttons; every
// button can be scrolled to and tapped, none hidden in a box of its own;
// the address ends cleanly before the full stop.
func TestBrowserLongAnswer(t *testing.T) {
	s := newServer(t, nil, testConfig())
	for _, size := range []struct{ w, h int64 }{{390, 800}, {1280, 800}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p, conv := openConversation(t, s, size.w, size.h)
			s.botSays(t, conv, guichet.Reply{Role: guichet.RoleBot, Text: longAnswer, QuickReplies: longAnswerButtons})
			p.wait("the answer's buttons", W+`.querySelectorAll('.qr button').length === 6`)
			p.shot("answer")

			problems := eval[[]string](p, `(() => {
				const r = `+W+`, out = [], log = r.querySelector('.log');
				const lb = log.getBoundingClientRect();
				const msgs = r.querySelectorAll('.hist .bubble'), bubble = msgs[msgs.length - 1];
				const bb = bubble.getBoundingClientRect();
				if (bb.top < lb.top - 1) out.push('the answer begins above the visible log: ' + bb.top + ' < ' + lb.top);
				const seen = Math.min(bb.bottom, lb.bottom) - Math.max(bb.top, lb.top);
				if (seen < 4 * 24) out.push('only ' + seen + 'px of the answer are visible, want its first four lines');
				for (const e of r.querySelectorAll('.qr, .qr *')) {
					if (e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible') out.push(e.className + ' is a scroll box of its own');
				}
				// Find the question's text and measure it.
				const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
				let node, range = null;
				while ((node = walker.nextNode())) {
					const i = node.data.indexOf('Cette réponse vous a-t-elle aidé ?');
					if (i >= 0) { range = document.createRange(); range.setStart(node, i); range.setEnd(node, node.data.length); }
				}
				if (!range) { out.push('the feedback question is not in the answer'); return out; }
				const buttons = Array.from(r.querySelectorAll('.qr button'));
				buttons[0].scrollIntoView({block: 'nearest'});
				const qb = range.getBoundingClientRect(), lb2 = log.getBoundingClientRect(), fb = buttons[0].getBoundingClientRect();
				if (qb.top < lb2.top - 1 || qb.bottom > lb2.bottom + 1) out.push('with its first button in view, the question is out of view: ' + qb.top + '..' + qb.bottom + ' in ' + lb2.top + '..' + lb2.bottom);
				if (fb.top - qb.bottom > 48 || fb.top < qb.bottom) out.push('the question ends at ' + qb.bottom + ', its buttons begin at ' + fb.top);
				for (const b of buttons) {
					b.scrollIntoView({block: 'nearest'});
					const x = b.getBoundingClientRect();
					const hit = r.elementFromPoint(x.left + x.width / 2, x.top + x.height / 2);
					if (x.top < 0 || x.bottom > innerHeight + 0.5 || !(hit === b || b.contains(hit))) out.push('button ' + b.textContent + ' cannot be reached (' + x.top + '..' + x.bottom + ', hit ' + (hit && hit.className) + ')');
				}
				const a = bubble.querySelector('a');
				if (!a || a.textContent !== 'https://permisdeconduire.ants.gouv.fr/') out.push('link text ' + (a && a.textContent));
				if (a) { // a long address wraps after a slash or before a dot, not inside a word
					const chars = [];
					const tw = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
					let tn;
					while ((tn = tw.nextNode())) for (let i = 0; i < tn.data.length; i++) {
						const rg = document.createRange(); rg.setStart(tn, i); rg.setEnd(tn, i + 1);
						chars.push({c: tn.data[i], top: rg.getBoundingClientRect().top});
					}
					for (let i = 1; i < chars.length; i++) {
						if (chars[i].top > chars[i - 1].top + 4 && chars[i - 1].c !== '/' && chars[i].c !== '.') out.push('the address wraps between ' + chars[i - 1].c + ' and ' + chars[i].c);
					}
				}
				if (!bubble.textContent.includes('gouv.fr/. Inutile')) out.push('the address and its full stop read: ' + bubble.textContent.slice(90, 200));
				return out;
			})()`)
			if len(problems) > 0 {
				p.shot("problems")
				t.Errorf("at %dx%d:\n%s", size.w, size.h, strings.Join(problems, "\n"))
			}
			// Tapping the last button sends it.
			p.do("tap the last button", chromedp.Click(chromedp.JSPath(W+`.querySelector('.qr button:last-child')`)))
			p.waitText("Réponse: Parler à un conseiller")
		})
	}
}

// payloads records the payloads of the messages the bot receives.
type payloads struct {
	guichet.Handler
	mu  sync.Mutex
	got []string
}

func (p *payloads) Handle(ctx context.Context, m guichet.Message) error {
	p.mu.Lock()
	p.got = append(p.got, m.Payload)
	p.mu.Unlock()
	return p.Handler.Handle(ctx, m)
}

func (p *payloads) has(s string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, g := range p.got {
		if g == s {
			return true
		}
	}
	return false
}

// The rating asked after a ticket comes as a notice with buttons 1 to 5
// (handoff.askRating): the widget shows them, named by the question, and a
// tap sends the rating's payload.
func TestBrowserRatingButtons(t *testing.T) {
	var rec *payloads
	s := newServerWith(t, nil, testConfig(), func(o *web.Options) {
		rec = &payloads{Handler: o.Handler}
		o.Handler = rec
	})
	p, conv := openConversation(t, s, 390, 800)
	const question = "Comment évaluez-vous l'aide reçue ? (1 = pas du tout satisfait, 5 = très satisfait)"
	var qr []guichet.QuickReply
	for n := 1; n <= 5; n++ {
		qr = append(qr, guichet.QuickReply{Title: fmt.Sprint(n), Payload: fmt.Sprintf("%sT-7:%d", guichet.PayloadRatingPrefix, n)})
	}
	s.botSays(t, conv, guichet.Reply{Role: guichet.RoleSystem, Text: "Votre demande est traitée."})
	s.botSays(t, conv, guichet.Reply{Role: guichet.RoleSystem, Text: question, QuickReplies: qr,
		Meta: &guichet.Meta{Status: "resolved", Ticket: "T-7"}})
	p.wait("the rating buttons", `Array.from(`+W+`.querySelectorAll('.qr button')).map(b => b.textContent).join() === '1,2,3,4,5'`)
	p.shot("rating")
	if name := eval[string](p, W+`.querySelector('.qr').getAttribute('aria-label')`); name != question {
		t.Errorf("the buttons are named %q, want the question", name)
	}
	p.do("rate 4", chromedp.Click(chromedp.JSPath(W+`.querySelectorAll('.qr button')[3]`)))
	p.waitText("Réponse: 4")
	if !rec.has(guichet.PayloadRatingPrefix + "T-7:4") {
		t.Errorf("the bot received payloads %q, want the rating's", rec.got)
	}
	// A later notice without buttons does not bring the rating back, nor
	// hide the bot's buttons.
	p.wait("the bot's buttons", `Array.from(`+W+`.querySelectorAll('.qr button')).map(b => b.textContent).join() === 'Déclarer une perte,Parler à un conseiller'`)
	s.botSays(t, conv, guichet.Reply{Role: guichet.RoleSystem, Text: "Un conseiller a rejoint la conversation."})
	p.wait("the notice", `Array.from(`+W+`.querySelectorAll('.hist .sys')).some(e => e.textContent === 'Un conseiller a rejoint la conversation.')`)
	if got := eval[string](p, `Array.from(`+W+`.querySelectorAll('.qr button')).map(b => b.textContent).join()`); got != "Déclarer une perte,Parler à un conseiller" {
		t.Errorf("after a notice the buttons are %q", got)
	}
}

// On a phone the panel covers the page: Tab and Shift-Tab cycle inside
// it, Escape closes it and gives the focus back to the launcher. On a
// desktop, where the page stays visible beside it, Tab is not trapped.
func TestBrowserFocusTrap(t *testing.T) {
	axe := axeSource(t)
	s := newServer(t, nil, testConfig())
	for _, size := range []struct {
		w, h    int64
		trapped bool
	}{{390, 800, true}, {1280, 800, false}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p, _ := openConversation(t, s, size.w, size.h)
			modal := eval[bool](p, W+`.querySelector('.panel').getAttribute('aria-modal') === 'true'`)
			if modal != size.trapped {
				t.Errorf("aria-modal is %v, want %v", modal, size.trapped)
			}
			eval[bool](p, W+`.querySelector('.send').focus() || true`)
			p.key(kb.Tab)
			after := p.focused()
			if size.trapped && !strings.HasPrefix(after, "close:") {
				t.Errorf("Tab after \"Envoyer\" reached %q, want the close button at the top of the panel", after)
			}
			if !size.trapped && strings.HasPrefix(after, "close:") {
				t.Errorf("Tab after \"Envoyer\" wrapped inside the panel on a desktop")
			}
			if size.trapped {
				p.key(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
				if f := p.focused(); !strings.HasPrefix(f, "send:") {
					t.Errorf("Shift-Tab from the close button reached %q, want \"Envoyer\"", f)
				}
				p.do("inject axe", chromedp.Evaluate[chromedp.Void](axe))
				if problems := axeProblems(p); len(problems) > 0 {
					t.Errorf("open modal widget:\n%s", strings.Join(problems, "\n"))
				}
				p.key(kb.Escape)
				if f := p.focused(); !strings.HasPrefix(f, "launcher:") {
					t.Errorf("after Escape, focus is on %q, want the launcher", f)
				}
				if !eval[bool](p, W+`.querySelector('.panel').hidden`) {
					t.Error("Escape did not close the panel")
				}
			}
		})
	}
}
