package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

// newChromeAt starts a headless Chromium whose page is width×height CSS
// pixels.
func newChromeAt(t *testing.T, width, height int64) context.Context {
	t.Helper()
	ctx := newChrome(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func evalIn[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func loginAs(t *testing.T, ctx context.Context, h *harness, name, page string) {
	t.Helper()
	run(t, ctx, "log in as "+name,
		chromedp.Navigate(h.srv.URL+"/console/login"),
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("claim-next")),
	)
	if page != "" {
		run(t, ctx, "open "+page, chromedp.Navigate(h.srv.URL+page))
	}
}

// longTalk is a conversation with the request first, then enough
// exchanges to overflow the conversation pane, then the hand-off.
func (h *harness) longTalk(conv guichet.ConversationID) guichet.Event {
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: ""}) // the widget's start signal
	h.record(conv, guichet.Event{Role: guichet.RoleBot, Text: "Bonjour, posez votre question."})
	request := h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "jai perdu mon permi"})
	h.record(conv, answered("permis.perte", 0.71, "Oui, merci", "Non", "Parler à un conseiller"))
	for i := range 8 {
		h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: fmt.Sprintf("et dans le cas numéro %d ?", i+1)})
		ans := answered("permis.vol", 0.5)
		ans.Text = strings.Repeat("Une réponse assez longue pour occuper deux ou trois lignes dans le panneau. ", 3)
		h.record(conv, ans)
	}
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "je veux parler a un conseiller"})
	h.record(conv, answered("conseiller.humain", 0.84))
	h.escalate(conv, func(e *guichet.Escalation) {
		e.Summary = "je veux parler a un conseiller"
		e.Candidates = []guichet.Candidate{{Entry: "conseiller.humain", Confidence: 0.84}}
	})
	return request
}

// TestConversationPaneInChromium: the pane uses the screen's height on a
// desktop, opens on the citizen's request, shows no empty bubble, and the
// headline is the request.
func TestConversationPaneInChromium(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1280, 800}, {390, 800}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			h := newHarness(t)
			conv := web("long")
			request := h.longTalk(conv)
			id := h.open(conv).ID
			ctx := newChromeAt(t, size.w, size.h)
			loginAs(t, ctx, h, "alice", "")
			item := chromedp.CSS(`button.ticket-item[data-id="` + id + `"]`)
			run(t, ctx, "open the ticket",
				chromedp.WaitVisible(item), chromedp.Click(item),
				chromedp.WaitVisible(chromedp.ID("btn-claim")),
				waitText("#transcript", "je veux parler a un conseiller"),
			)
			shot(t, ctx, fmt.Sprintf("console-%dx%d.png", size.w, size.h))
			if title := evalIn[string](t, ctx, `document.getElementById("ticket-title").textContent`); title != "jai perdu mon permi" {
				t.Errorf("ticket title %q, want the citizen's request", title)
			}
			if n := evalIn[int](t, ctx, `[...document.querySelectorAll("#transcript li")].filter(li => li.querySelector(".text").textContent.trim() === "").length`); n != 0 {
				t.Errorf("%d empty bubbles in the conversation", n)
			}
			// the request is in view in the pane, not scrolled away
			seen := evalIn[string](t, ctx, fmt.Sprintf(`(() => {
				const ol = document.getElementById("transcript"), li = ol.querySelector('li[data-seq="%d"]');
				if (!li) return "the request is not in the pane";
				const p = ol.getBoundingClientRect(), b = li.getBoundingClientRect();
				if (ol.scrollHeight <= ol.clientHeight) return "the conversation does not overflow the pane: the test proves nothing";
				return b.top >= p.top - 1 && b.bottom <= p.bottom + 1 ? "" : "the request is out of view (" + b.top + ".." + b.bottom + " in " + p.top + ".." + p.bottom + ")";
			})()`, request.Seq))
			if seen != "" {
				t.Error(seen)
			}
			if size.w == 1280 {
				run(t, ctx, "claim", chromedp.Click(chromedp.ID("btn-claim")), chromedp.WaitVisible(chromedp.ID("reply")))
				shot(t, ctx, "console-claimed.png")
				layout := evalIn[string](t, ctx, `(() => {
					const out = [], ol = document.getElementById("transcript");
					if (ol.clientHeight < 0.5 * innerHeight) out.push("conversation pane " + ol.clientHeight + " px high on a " + innerHeight + " px screen");
					for (const id of ["reply", "btn-send"]) {
						const b = document.getElementById(id).getBoundingClientRect();
						if (b.bottom > innerHeight || b.top < 0) out.push(id + " out of the screen (" + b.top + ".." + b.bottom + ")");
					}
					if (document.scrollingElement.scrollHeight > innerHeight + 1) out.push("the page scrolls: " + document.scrollingElement.scrollHeight);
					return out.join("; ");
				})()`)
				if layout != "" {
					t.Error(layout)
				}
				t.Logf("conversation pane: %d px high on a 800 px screen", evalIn[int](t, ctx, `document.getElementById("transcript").clientHeight`))
			} else {
				layout := evalIn[string](t, ctx, `(() => {
					const out = [];
					if (document.documentElement.scrollWidth > innerWidth) out.push("page scrolls sideways: " + document.documentElement.scrollWidth);
					const title = document.getElementById("ticket-title").getBoundingClientRect();
					if (title.top < 0 || title.bottom > innerHeight) out.push("ticket title out of view at " + title.top);
					return out.join("; ");
				})()`)
				if layout != "" {
					t.Error(layout)
				}
			}
		})
	}
}

// TestIncidentContextInChromium: an incident's title is what went wrong,
// not the consent, and its fields have French names.
func TestIncidentContextInChromium(t *testing.T) {
	h := newHarness(t)
	conv := web("incident")
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "le paiement du timbre ne passe pas sur le site"})
	h.record(conv, answered("dossier.anomalie", 0.8))
	h.record(conv, guichet.Event{Role: guichet.RoleBot, Text: "Quel est le numéro de votre demande ?",
		QuickReplies: []guichet.QuickReply{{Title: "Je ne l'ai pas", Payload: "FORM:SKIP"}}, Meta: &guichet.Meta{Decision: "answer"}})
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "21AB12345"})
	h.record(conv, guichet.Event{Role: guichet.RoleBot, Text: "Qu'affiche le site ?", Meta: &guichet.Meta{Decision: "answer"}})
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "Erreur 500"})
	h.record(conv, guichet.Event{Role: guichet.RoleBot, Text: "Acceptez-vous que ce signalement soit transmis ?",
		QuickReplies: []guichet.QuickReply{{Title: "Oui, j'accepte", Payload: "FORM:YES"}, {Title: "Non", Payload: "FORM:NO"}},
		Meta:         &guichet.Meta{Decision: "answer"}})
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "Oui, j'accepte"})
	h.escalate(conv, func(e *guichet.Escalation) {
		e.Summary, e.Reason, e.Priority = "Oui, j'accepte", "incident", true
		e.Fields = map[string]string{"procedure": "Permis de conduire", "request_number": "21AB12345", "site_message": "Erreur 500", "consent": "oui"}
	})
	id := h.open(conv).ID
	ctx := newChromeAt(t, 1280, 800)
	loginAs(t, ctx, h, "alice", "")
	item := chromedp.CSS(`button.ticket-item[data-id="` + id + `"]`)
	run(t, ctx, "open the incident",
		chromedp.WaitVisible(item), chromedp.Click(item), waitText("#context", "Numéro de demande"))
	if title := evalIn[string](t, ctx, `document.getElementById("ticket-title").textContent`); title != "Incident · le paiement du timbre ne passe pas sur le site" {
		t.Errorf("ticket title %q, want what went wrong", title)
	}
	ctxText := evalIn[string](t, ctx, `document.getElementById("context").textContent`)
	for _, want := range []string{"Démarche concernée", "Numéro de demande21AB12345", "Message affiché par le siteErreur 500", "Accord pour transmettre le signalementOui"} {
		if !strings.Contains(ctxText, want) {
			t.Errorf("context %q lacks %q", ctxText, want)
		}
	}
	for _, raw := range []string{"consent", "procedure", "request_number", "site_message"} {
		if strings.Contains(ctxText, raw) {
			t.Errorf("context shows the raw key %q: %q", raw, ctxText)
		}
	}
}

// TestConsoleFeaturesInChromium: an agent labels a ticket, writes a note,
// sees the person's earlier request, finds a ticket by plate, sees the
// citizen typing and transfers the ticket to a colleague.
func TestConsoleFeaturesInChromium(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("person"), func(e *guichet.Escalation) { e.Summary = "Ancienne demande de carte grise" })
	old := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+old+"/claim", "bob", nil)
	h.call("POST", "/api/v1/tickets/"+old+"/resolve", "bob", map[string]any{"reason": "Réponse apportée"})
	h.escalate(conv, func(e *guichet.Escalation) { e.Summary = "Mon permis n'est toujours pas arrivé" })
	h.say(conv, "ma voiture AB-123-CD aussi")
	id := h.open(conv).ID
	h.call("GET", "/api/v1/me", "bob", nil) // bob's console is open
	ctx := newChromeAt(t, 1280, 800)
	loginAs(t, ctx, h, "alice", "")
	item := chromedp.CSS(`#queue-list button.ticket-item[data-id="` + id + `"]`)
	run(t, ctx, "open, claim, label, note",
		chromedp.WaitVisible(item), chromedp.Click(item),
		chromedp.WaitVisible(chromedp.ID("btn-claim")), chromedp.Click(chromedp.ID("btn-claim")),
		chromedp.WaitVisible(chromedp.ID("reply")),
		waitText("#history", "Ancienne demande de carte grise"),
		chromedp.SendKeys(chromedp.ID("label-input"), "Urgent"),
		chromedp.Click(chromedp.CSS("#label-form button")),
		waitText("#labels", "urgent"),
		chromedp.SendKeys(chromedp.ID("note-input"), "Rappeler après 14 h"),
		chromedp.Click(chromedp.ID("btn-note")),
		waitText("#notes", "Rappeler après 14 h"),
	)
	if tk := h.open(conv); len(tk.Labels) != 1 || tk.Labels[0] != "urgent" || len(tk.Notes) != 1 {
		t.Fatalf("stored ticket labels %v notes %v", tk.Labels, tk.Notes)
	}
	for _, ev := range h.events(conv) {
		if strings.Contains(ev.Text, "Rappeler") {
			t.Fatalf("the note reached the transcript: %+v", ev)
		}
	}
	data, _ := json.Marshal(store.TypingNotice{On: true})
	if err := h.store.Publish(bg, store.Notice{Topic: store.TopicTyping, Conversation: conv, Data: data}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "the citizen types", waitText("#typing", "L'usager est en train d'écrire"))
	run(t, ctx, "search by plate",
		chromedp.SendKeys(chromedp.ID("search"), "ab123cd"),
		chromedp.Click(chromedp.CSS("#search-form button")),
		waitText("#search-status", "1 demande trouvée"),
		waitText("#search-list", "conversation : ma voiture AB-123-CD aussi"),
	)
	shot(t, ctx, "console-features.png")
	axeCheck(t, ctx, "console with a ticket, notes, labels and search results")
	if disabled := evalIn[bool](t, ctx, `[...document.querySelectorAll("#transfer-agent option")].every(o => o.disabled === (o.value !== "bob"))`); !disabled {
		t.Error("the transfer list offers absent colleagues, or not Bob")
	}
	run(t, ctx, "transfer to Bob",
		chromedp.SetValue(chromedp.ID("transfer-agent"), "bob"),
		chromedp.Click(chromedp.ID("btn-transfer")),
		waitText("#ticket-alert", "Demande transférée à Bob"),
	)
	if tk := h.open(conv); tk.Agent != "bob" {
		t.Fatalf("after the transfer the ticket is %s's", tk.Agent)
	}
}

// TestTeamPageInChromium: a supervisor sees the queue and who is online
// with their load; an agent is refused.
func TestTeamPageInChromium(t *testing.T) {
	h := newHarness(t)
	a := h.open(h.escalate(web("a"))).ID
	h.escalate(web("b"), func(e *guichet.Escalation) { e.Summary, e.Reason, e.Priority = "Paiement refusé", "incident", true })
	h.call("POST", "/api/v1/tickets/"+a+"/claim", "alice", nil)
	ctx := newChromeAt(t, 1280, 800)
	loginAs(t, ctx, h, "sue", "")
	run(t, ctx, "open the team page from the header",
		chromedp.Click(chromedp.ID("nav-team")),
		chromedp.WaitVisible(chromedp.ID("team-figures")),
		waitText("#fig-waiting", "1"),
		waitText("#fig-priority", "1"),
		waitText(`#agents-body tr[data-agent="alice"]`, "En ligne"),
		waitText(`#agents-body tr[data-agent="alice"]`, "Alice"),
		waitText("#waiting-body", "Incident · Paiement refusé"),
	)
	if load := evalIn[string](t, ctx, `document.querySelector('#agents-body tr[data-agent="alice"] td:nth-child(3)').textContent`); load != "1" {
		t.Errorf("alice's load shows %q, want 1", load)
	}
	h.escalate(web("c"))
	run(t, ctx, "a new ticket shows live", waitText("#fig-waiting", "2"))
	shot(t, ctx, "team.png")
	axeCheck(t, ctx, "team page")
}

// TestLoginFromStatsInChromium: a supervisor who opens /console/stats
// without a session logs in and lands on the statistics.
func TestLoginFromStatsInChromium(t *testing.T) {
	h := statsHarness(t)
	ctx := newChromeAt(t, 1280, 800)
	run(t, ctx, "open the statistics, log in",
		chromedp.Navigate(h.srv.URL+"/console/stats"),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "sue"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("fig-satisfaction")),
	)
	if path := evalIn[string](t, ctx, `location.pathname`); path != "/console/stats" {
		t.Errorf("after login the browser is on %s", path)
	}
}

// TestConsolePagesAccessibility runs axe-core on every console page.
func TestConsolePagesAccessibility(t *testing.T) {
	axeSrc(t)
	h := statsHarness(t)
	h.escalate(web("a11y"))
	for _, size := range []struct{ w, h int64 }{{1280, 800}, {390, 800}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			ctx := newChromeAt(t, size.w, size.h)
			run(t, ctx, "login page", chromedp.Navigate(h.srv.URL+"/console/login"), chromedp.WaitVisible(chromedp.ID("name")))
			axeCheck(t, ctx, "login page")
			loginAs(t, ctx, h, "sue", "")
			run(t, ctx, "queue", waitText("#live", "Mises à jour en direct"), chromedp.WaitVisible(chromedp.CSS("button.ticket-item")))
			axeCheck(t, ctx, "console")
			run(t, ctx, "open a ticket", chromedp.Click(chromedp.CSS("button.ticket-item")), chromedp.WaitVisible(chromedp.ID("btn-claim")),
				waitText("#history", "Aucune autre demande"))
			axeCheck(t, ctx, "console with a ticket")
			for _, page := range []string{"/console/stats", "/console/team"} {
				run(t, ctx, page, chromedp.Navigate(h.srv.URL+page), chromedp.WaitVisible(chromedp.ID("contenu")))
				if page == "/console/team" {
					run(t, ctx, "team figures", waitText("#fig-waiting", "1"))
				}
				axeCheck(t, ctx, page)
			}
		})
	}
}

// axeSrc reads axe-core (GUICHET_TEST_AXE, or the repository's .cache).
func axeSrc(t *testing.T) string {
	t.Helper()
	path := os.Getenv("GUICHET_TEST_AXE")
	if path == "" {
		path = filepath.Join("..", ".cache", "node_modules", "axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		testenv.Skip(t, "axe-core: set GUICHET_TEST_AXE to axe.min.js or run `npm install --prefix .cache axe-core` at the repository root (%v)", err)
	}
	return string(src)
}

// axeCheck runs axe-core's WCAG 2.0/2.1 A and AA rules on the page and
// fails t on serious or critical violations.
func axeCheck(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	src := axeSrc(t)
	if has := evalIn[bool](t, ctx, `typeof axe !== "undefined"`); !has {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+";true")); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
	}
	ctx2, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	problems := evalIn[[]string](t, ctx2, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => JSON.stringify(n.target)).join(', ')))`)
	if len(problems) > 0 {
		t.Errorf("%s:\n%s", what, strings.Join(problems, "\n"))
	}
}

// TestReviewPageAccessibility runs axe-core on the review of unanswered
// questions, the console page the other test cannot reach without a
// reviewer.
func TestReviewPageAccessibility(t *testing.T) {
	axeSrc(t)
	h, _, _ := reviewHarness(t)
	ctx := newChromeAt(t, 1280, 800)
	loginAs(t, ctx, h, "sue", "/console/review")
	run(t, ctx, "review page", chromedp.WaitVisible(chromedp.CSS("[id^=group-]")))
	axeCheck(t, ctx, "/console/review")
}
