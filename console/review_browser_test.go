package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet/review"
)

// TestReviewInChromium: a supervisor opens the review, leaves out one
// formulation of a group, assigns the others to an entry, and sees the
// group leave the page; the pending file then holds the change, which
// 'guichet kb pending check' (review.Check) accepts.
func TestReviewInChromium(t *testing.T) {
	h, rv, pending := reviewHarness(t)
	ctx := newChrome(t)
	id := groupOf(t, rv, "mon permis s'est envolé")
	group := "#group-" + id
	run(t, ctx, "log in as a supervisor and open the review from the header",
		chromedp.Navigate(h.srv.URL+"/console/login"),
		chromedp.SendKeys(chromedp.ID("name"), "sue"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("nav-review")),
		chromedp.Click(chromedp.ID("nav-review")),
		chromedp.WaitVisible(chromedp.CSS(group)),
		waitText(group+" h2", "« mon permis s'est envolé »"),
		waitText(group+" .bot-candidates", "Permis perdu"),
	)
	shot(t, ctx, "review.png")
	run(t, ctx, "leave one formulation out, choose the entry, add",
		chromedp.Click(chromedp.ID("t-"+id+"-1")),
		chromedp.SetValue(chromedp.ID("entry-"+id), "permis.vol"),
		chromedp.Click(chromedp.ID("add-"+id)),
		chromedp.WaitVisible(chromedp.ID("review-notice")),
		waitText("#review-notice", "1 formulation à ajouter à « Permis volé » (permis.vol)"),
		waitText("#pending-info", "1 modification(s) en attente"),
	)
	stillThere, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("`+group+`") !== null`))
	if err != nil || stillThere {
		t.Fatalf("the decided group is still on the page (%v)", err)
	}
	p, err := review.ReadPending(pending)
	if err != nil || len(p.Changes) != 1 {
		t.Fatalf("pending file: %+v, %v", p, err)
	}
	if c := p.Changes[0]; c.Entry != "permis.vol" || strings.Join(c.AddQuestions, "|") != "mon permis s'est envolé" || c.DecidedBy != "sue" {
		t.Errorf("change %+v", c)
	}
	if sum, err := review.Check(pending, reviewKB); err != nil || sum.Entries["permis.vol"] != 1 {
		t.Fatalf("kb pending check: %+v, %v", sum, err)
	}
}
