package console_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/review"
)

// reviewKB is review's fixture KB: permis.perte, permis.vol and the
// out-of-scope hors-champ.bateau.
const reviewKB = "../review/testdata/kb"

// reviewHarness is the harness with a quality store holding unanswered
// questions and the review page mounted; it returns the pending file.
func reviewHarness(t *testing.T) (*harness, *review.Service, string) {
	t.Helper()
	var q *quality.Memory
	h := newHarness(t, withQuality(&q))
	now := h.clock.Now()
	day := 24 * time.Hour
	for _, f := range []quality.Fact{
		{Time: now.Add(-1 * day), Kind: quality.KindFallback, Text: "mon permis s'est envolé", Candidates: []string{"permis.perte", "permis.vol"}},
		{Time: now.Add(-2 * day), Kind: quality.KindClarify, Text: "mon permis s'est envolé", Candidates: []string{"permis.perte"}},
		{Time: now.Add(-2 * day), Kind: quality.KindFallback, Text: "mon permis s'est envolé du jour au lendemain"},
		{Time: now.Add(-3 * day), Kind: quality.KindFallback, Text: "permis bateau pour une péniche", Candidates: []string{"hors-champ.bateau"}},
		{Time: now.Add(-20 * day), Kind: quality.KindFallback, Text: "azerty"},
		{Time: now.Add(-1 * day), Kind: quality.KindAnswer, Entry: "permis.perte"},
	} {
		f.Conversation = web("citoyen")
		if err := q.Record(bg, f); err != nil {
			t.Fatal(err)
		}
	}
	k, err := kb.LoadDir(reviewKB)
	if err != nil {
		t.Fatal(err)
	}
	pending := filepath.Join(t.TempDir(), "kb", "pending.yaml")
	rv, err := review.New(review.Options{Facts: q, KB: func() *kb.KB { return k }, PendingFile: pending, Now: h.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.console.Mount(mux)
	if err := h.console.MountReview(mux, rv); err != nil {
		t.Fatal(err)
	}
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	return h, rv, pending
}

// groupOf returns the ID of the group led by text.
func groupOf(t *testing.T, rv *review.Service, text string) string {
	t.Helper()
	ov, err := rv.Overview(bg, review.MaxWindow)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range ov.Groups {
		if g.Examples[0].Text == text {
			return g.ID
		}
	}
	t.Fatalf("no group led by %q in %+v", text, ov.Groups)
	return ""
}

func TestReviewPageIsForSupervisors(t *testing.T) {
	h, _, pending := reviewHarness(t)
	anon := h.browser()
	if code, _ := anon.get("/console/review"); code != http.StatusSeeOther {
		t.Errorf("without a session: %d, want a redirect to the login page", code)
	}
	alice := h.browser()
	alice.login("alice", password)
	if code, page := alice.get("/console/review"); code != http.StatusForbidden || !strings.Contains(page, "réservée aux comptes superviseurs") {
		t.Errorf("agent: %d\n%s", code, page)
	}
	_, page := alice.get("/console/")
	m := csrfRE.FindStringSubmatch(page)
	code, _ := alice.post("/console/review/decide", url.Values{"csrf": {m[1]}, "action": {"outofscope"}, "text": {"azerty"}})
	if code != http.StatusForbidden {
		t.Errorf("agent's decision: %d, want 403", code)
	}
	if p, err := review.ReadPending(pending); err != nil || len(p.Changes) != 0 {
		t.Errorf("pending file after an agent's decision: %+v, %v", p, err)
	}
}

func TestReviewPageShowsGroups(t *testing.T) {
	h, _, _ := reviewHarness(t)
	sue := h.browser()
	sue.login("sue", password)
	code, page := sue.get("/console/review")
	for _, want := range []string{
		`« mon permis s&#39;est envolé »`, "3 messages · du 06/06/2026 au 07/06/2026",
		`value="mon permis s&#39;est envolé du jour au lendemain"`, "× 2",
		`Permis perdu <code>permis.perte</code> <span class="times">× 2</span>`,
		`<option value="permis.perte" selected>Permis perdu (permis.perte)</option>`,
		`<option value="hors-champ.bateau">Permis bateau (hors-champ.bateau)</option>`,
		"« permis bateau pour une péniche »", `<option value="hors-champ.bateau" selected>`,
		"Aucune modification en attente",
		`id="nav-review" aria-current="page"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("review page (%d) lacks %s", code, want)
		}
	}
	if strings.Contains(page, "azerty") {
		t.Error("7 days: a question of 20 days ago shows")
	}
	if _, page = sue.get("/console/review?days=30"); !strings.Contains(page, "« azerty »") {
		t.Error("30 days: the question of 20 days ago is missing")
	}
	if code, page = sue.get("/console/review?days=9"); code != http.StatusBadRequest || !strings.Contains(page, "Période inconnue") {
		t.Errorf("days=9: %d", code)
	}
}

func TestReviewDecisions(t *testing.T) {
	h, rv, pending := reviewHarness(t)
	sue := h.browser()
	sue.login("sue", password)
	_, page := sue.get("/console/review")
	csrf := csrfRE.FindStringSubmatch(page)[1]
	texts := []string{"mon permis s'est envolé", "mon permis s'est envolé du jour au lendemain"}
	form := url.Values{"days": {"7"}, "action": {"add"}, "entry": {"permis.perte"}, "text": texts}
	if code, _ := sue.post("/console/review/decide", form); code != http.StatusForbidden {
		t.Fatalf("without the CSRF token: %d, want 403", code)
	}
	form.Set("csrf", csrf)
	res, err := sue.c.PostForm(h.srv.URL+"/console/review/decide", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/console/review?days=7&done=add&entry=permis.perte&n=2" {
		t.Fatalf("decision: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, page = sue.get("/console/review?days=7&done=add&entry=permis.perte&n=2")
	for _, want := range []string{"2 formulations à ajouter à « Permis perdu » (permis.perte)", "<strong>1</strong> modification(s) en attente"} {
		if !strings.Contains(page, want) {
			t.Errorf("page after the decision lacks %q", want)
		}
	}
	if strings.Contains(page, "envolé") {
		t.Error("the decided group still shows")
	}
	code, page := sue.post("/console/review/decide", form)
	if code != http.StatusConflict || !strings.Contains(page, "a déjà été traitée par sue") {
		t.Errorf("deciding twice: %d", code)
	}
	code, page = sue.post("/console/review/decide", url.Values{"csrf": {csrf}, "action": {"outofscope"}, "scope_entry": {"permis.vol"}, "text": {"permis bateau pour une péniche"}})
	if code != http.StatusBadRequest || !strings.Contains(page, "Décision non enregistrée : l&#39;entrée « permis.vol » n&#39;est pas une entrée hors sujet.") {
		t.Errorf("out of scope into an in-scope entry: %d", code)
	}
	id := groupOf(t, rv, "azerty")
	code, _ = sue.post("/console/review/decide", url.Values{"csrf": {csrf}, "days": {"30"}, "action": {"outofscope"}, "scope_entry": {""}, "text": {"azerty"}})
	if code != http.StatusSeeOther {
		t.Fatalf("ignoring group %s: %d", id, code)
	}
	if _, page = sue.get("/console/review?days=30&done=ignore&n=1"); !strings.Contains(page, "1 formulation classée hors sujet et écartée") || strings.Contains(page, "azerty") {
		t.Error("after ignoring: no notice, or the ignored question still shows")
	}
	p, err := review.ReadPending(pending)
	if err != nil || len(p.Changes) != 2 || p.Changes[0].Entry != "permis.perte" || p.Changes[0].DecidedBy != "sue" ||
		strings.Join(p.Changes[1].Ignore, "") != "azerty" || !p.Changes[0].DecidedAt.Equal(h.clock.Now().Truncate(time.Second)) {
		t.Fatalf("pending file: %+v, %v", p, err)
	}
	if sum, err := review.Check(pending, reviewKB); err != nil || sum.Questions != 2 || sum.Ignored != 1 {
		t.Fatalf("kb pending check: %+v, %v", sum, err)
	}
}

func TestReviewPageWhenThePendingFileIsBroken(t *testing.T) {
	h, _, pending := reviewHarness(t)
	if err := review.UpdatePending(pending, func(*review.Pending) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pending, []byte("changes: [oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sue := h.browser()
	sue.login("sue", password)
	code, page := sue.get("/console/review")
	if code != http.StatusServiceUnavailable || !strings.Contains(page, "guichet kb pending check") {
		t.Errorf("broken pending file: %d\n%s", code, page)
	}
}
