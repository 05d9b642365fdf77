package console_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/testenv"
)

// newChrome starts a headless Chromium for t.
func newChrome(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(testenv.Chromium(t)), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.WindowSize(1400, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true)}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// A bound on the whole browser session, so that a broken page fails
	// the test instead of hanging it.
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelT)
	return ctx
}

func TestConsoleInChromium(t *testing.T) {
	h := newHarness(t)
	ctx := newChrome(t)
	conv := h.escalate(web("citoyen"), func(e *guichet.Escalation) {
		e.Summary = "Mon permis n'est toujours pas arrivé"
		e.Reason = "low_confidence"
	})
	h.escalate(guichet.NewConversationID(guichet.ChannelMessenger, "5551234"), func(e *guichet.Escalation) {
		e.Summary, e.Reason, e.Priority = "Erreur sur ma carte grise", "incident", true
	})
	id := h.open(conv).ID
	item := chromedp.CSS(`button.ticket-item[data-id="` + id + `"]`)
	run(t, ctx, "log in and open the ticket",
		chromedp.Navigate(h.srv.URL+"/console/login"),
		chromedp.SendKeys(chromedp.ID("name"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(item),
		chromedp.Click(item),
		chromedp.WaitVisible(chromedp.ID("btn-claim")),
	)
	run(t, ctx, "claim", chromedp.Click(chromedp.ID("btn-claim")), chromedp.WaitVisible(chromedp.ID("reply")))
	if tk := h.open(conv); tk.Status != handoff.Assigned || tk.Agent != "alice" {
		t.Fatalf("after clicking claim the ticket is %s by %q", tk.Status, tk.Agent)
	}
	h.say(conv, "Je suis toujours là")
	run(t, ctx, "see the citizen's new message live, reply, send a candidate answer",
		waitText("#transcript", "Je suis toujours là"),
		chromedp.SendKeys(chromedp.ID("reply"), "Bonjour, je regarde votre dossier."),
		chromedp.Click(chromedp.ID("btn-send")),
		waitText("#transcript", "Bonjour, je regarde votre dossier."),
		chromedp.Click(chromedp.Search(`//button[text()="Envoyer cette réponse"]`)),
		waitText("#transcript", "Le délai moyen est de 16 jours."),
	)
	screenshot(t, ctx)
	run(t, ctx, "resolve",
		chromedp.SetValue(chromedp.ID("resolve-reason"), "Réponse apportée"),
		chromedp.Click(chromedp.ID("btn-resolve")),
		waitText("#ticket-alert", "Demande clôturée."),
	)
	evs := h.events(conv)
	var agentTexts []string
	for _, ev := range evs {
		if ev.Role == guichet.RoleAgent {
			agentTexts = append(agentTexts, ev.Author+": "+ev.Text)
		}
	}
	if strings.Join(agentTexts, "|") != "Alice: Bonjour, je regarde votre dossier.|Alice: Le délai moyen est de 16 jours." {
		t.Fatalf("agent messages in the transcript: %q", agentTexts)
	}
	if _, ok, _ := h.tickets.OpenFor(bg, conv); ok {
		t.Fatal("ticket still open after resolving in the console")
	}
	if closing := evs[len(evs)-2]; !strings.Contains(closing.Text, "clôturé") {
		t.Fatalf("citizen's last but one message %q, want the closing notice (then the rating question)", closing.Text)
	}
}

// run runs browser actions, failing t with what was being done.
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
		t.Fatalf("%s: %v\npage:\n%s", what, err, html)
	}
}

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	expr := fmt.Sprintf(`(document.querySelector(%q) || {textContent: ""}).textContent.includes(%q)`, sel, want)
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond))
}

// screenshot saves the page when HANDOFF_SCREENSHOT names a directory,
// for people reviewing the console's look.
func screenshot(t *testing.T, ctx context.Context) {
	dir := os.Getenv("HANDOFF_SCREENSHOT")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "console.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
