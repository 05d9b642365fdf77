package console_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

func TestStatsDashboardInChromium(t *testing.T) {
	h := statsHarness(t)
	ctx := newChrome(t)
	run(t, ctx, "a supervisor logs in and follows the header's link",
		chromedp.Navigate(h.srv.URL+"/console/login"),
		chromedp.SendKeys(chromedp.ID("name"), "sue"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("nav-stats")),
	)
	shot(t, ctx, "console-supervisor.png")
	run(t, ctx, "open the dashboard",
		chromedp.Click(chromedp.ID("nav-stats")),
		chromedp.WaitVisible(chromedp.ID("fig-satisfaction")),
	)
	run(t, ctx, "today's figures, the 2020 comparison and the unanswered questions",
		waitText("#fig-conversations", "4"),
		waitText("#fig-bot-alone", "50\u00a0%"),
		waitText("#fig-wait", "1\u00a0min"),
		waitText("#fig-satisfaction", "60\u00a0%"),
		waitText("#table-satisfaction", "Passeport100\u00a0%86\u00a0%+14\u00a0points"),
		waitText("#table-reasons", "Signalement d'incident125\u00a0%"),
		waitText("#table-unanswered", "où en est mon dossier [numéro]2"),
		chromedp.WaitVisible(chromedp.CSS(`#chart-satisfaction svg rect.bar-ref`)),
		waitText(`#period-today[aria-current="page"]`, "Aujourd'hui"),
	)
	shot(t, ctx, "stats.png")
	res, err := chromedp.RunResponse(ctx, chromedp.Focus(chromedp.ID("period-7d")), chromedp.KeyEvent(kb.Enter))
	if err != nil || res.Status != 200 {
		t.Fatalf("the 7-day tab, reached with the keyboard: %v, %v", res, err)
	}
	run(t, ctx, "the 7-day figures",
		chromedp.WaitVisible(chromedp.CSS(`#period-7d[aria-current="page"]`)),
		waitText("#fig-conversations", "5"),
		waitText("#table-satisfaction", "Carte nationale d'identité100\u00a0%81\u00a0%"),
	)

	run(t, ctx, "an agent logs in: no link, and the page is refused",
		chromedp.Click(chromedp.CSS(`.fr-header__tools button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("claim-next")),
	)
	links, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#nav-stats").length`))
	if err != nil || links != 0 {
		t.Errorf("an agent's console shows %d links to the statistics (%v), want none", links, err)
	}
	res, err = chromedp.Run(ctx, chromedp.NavigateResponse(h.srv.URL+"/console/stats"))
	if err != nil || res.Status != 403 {
		t.Fatalf("an agent opening the dashboard's address: %v, %v; want 403", res, err)
	}
	run(t, ctx, "the agent reads why", waitText("#forbidden", "réservées aux comptes superviseurs"))
}

// shot saves the page as name when HANDOFF_SCREENSHOT names a directory.
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("HANDOFF_SCREENSHOT")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
