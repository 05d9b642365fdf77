package review

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/quality"
)

// fakeFacts is the quality store's read side, filtering like the real one.
type fakeFacts []quality.Fact

func (f fakeFacts) Facts(_ context.Context, since time.Time, kinds ...quality.Kind) ([]quality.Fact, error) {
	var out []quality.Fact
	for _, x := range f {
		if !x.Time.Before(since) && (len(kinds) == 0 || slices.Contains(kinds, x.Kind)) {
			out = append(out, x)
		}
	}
	return out, nil
}

var now = t0.Add(40 * 24 * time.Hour)

// ago is a fallback fact days before now.
func ago(days int, text string, candidates ...string) quality.Fact {
	return quality.Fact{Time: now.Add(-time.Duration(days) * 24 * time.Hour), Kind: quality.KindFallback, Text: text, Candidates: candidates}
}

var reviewFacts = fakeFacts{
	ago(1, "permis bateau pour péniche", "permis.perte"), ago(2, "permis bateau pour une péniche"),
	ago(3, "mon permis s'est envolé", "permis.perte", "permis.vol"), ago(3, "mon permis s'est envolé", "permis.perte"),
	ago(10, "permis perdu"), // already a paraphrase of permis.perte
	ago(12, "azerty"),
	ago(45, "beaucoup trop ancien"),
}

func newService(t *testing.T, facts Facts) (*Service, string) {
	t.Helper()
	k, err := kb.LoadDir(fixtureKB)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kb", "pending.yaml")
	s, err := New(Options{Facts: facts, KB: func() *kb.KB { return k }, PendingFile: path, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

func overview(t *testing.T, s *Service, window time.Duration) []string {
	t.Helper()
	ov, err := s.Overview(context.Background(), window)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range ov.Groups {
		out = append(out, summary(g))
	}
	return out
}

func TestOverviewLeavesOutWhatIsDecided(t *testing.T) {
	s, _ := newService(t, reviewFacts)
	want := []string{"2: permis bateau pour une péniche×1 | permis bateau pour péniche×1 [permis.perte:1]",
		"2: mon permis s'est envolé×2 [permis.perte:2 permis.vol:1]",
		"1: azerty×1 []"}
	if got := overview(t, s, MaxWindow); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("30 days:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := overview(t, s, 7*24*time.Hour); len(got) != 2 {
		t.Fatalf("7 days: %q, want the two recent groups", got)
	}
	ctx := context.Background()
	if _, err := s.Decide(ctx, Decision{Entry: "hors-champ.bateau", OutOfScope: true, By: "sue",
		Texts: []string{"permis bateau pour péniche", "permis bateau pour une péniche"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decide(ctx, Decision{OutOfScope: true, By: "sue", Texts: []string{"azerty"}}); err != nil {
		t.Fatal(err)
	}
	ov, err := s.Overview(ctx, MaxWindow)
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Groups) != 1 || ov.Groups[0].Examples[0].Text != "mon permis s'est envolé" || ov.Pending != 1 {
		t.Fatalf("after two decisions: %d groups, %d pending", len(ov.Groups), ov.Pending)
	}
	if c := ov.Groups[0].Candidates[0]; c.Title != "Permis perdu" {
		t.Errorf("candidate %+v, want its title", c)
	}
	if e := ov.Entries[0]; e.ID != "hors-champ.bateau" || !e.OutOfScope || ov.Entries[1].OutOfScope {
		t.Errorf("entries %+v", ov.Entries)
	}
}

// TestDecideWritesACheckedChange: what the console decides, 'kb pending
// check' accepts, and 'kb pending apply' puts into the KB.
func TestDecideWritesACheckedChange(t *testing.T) {
	s, path := newService(t, reviewFacts)
	c, err := s.Decide(context.Background(), Decision{Entry: "permis.perte", By: "sue",
		Texts: []string{"mon permis s'est envolé", "  mon permis   s'est envolé "}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Entry != "permis.perte" || !slices.Equal(c.AddQuestions, []string{"mon permis s'est envolé"}) ||
		c.DecidedBy != "sue" || !c.DecidedAt.Equal(now) {
		t.Errorf("change %+v", c)
	}
	p, err := ReadPending(path)
	if err != nil || len(p.Changes) != 1 || p.Changes[0].Entry != "permis.perte" || !p.Changes[0].DecidedAt.Equal(now) {
		t.Fatalf("pending file: %+v, %v", p, err)
	}
	if sum, err := Check(path, fixtureKB); err != nil || sum.Questions != 1 {
		t.Fatalf("Check: %+v, %v", sum, err)
	}
}

func TestDecideRefusals(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("permis très long ", 13))
	facts := append(slices.Clone(reviewFacts), ago(1, long), ago(1, "???"))
	cases := []struct {
		name string
		d    Decision
		kind guichet.Kind
		msg  string
	}{
		{"no text", Decision{Entry: "permis.perte"}, guichet.Invalid, "cochez au moins une formulation"},
		{"a text the review did not show", Decision{Entry: "permis.perte", Texts: []string{"inventé"}}, guichet.Invalid,
			"« inventé » ne fait pas partie des questions à revoir : rechargez la page"},
		{"a text older than the window", Decision{Entry: "permis.perte", Texts: []string{"beaucoup trop ancien"}}, guichet.Invalid,
			"« beaucoup trop ancien » ne fait pas partie des questions à revoir : rechargez la page"},
		{"no entry", Decision{Texts: []string{"azerty"}}, guichet.Invalid, "choisissez l'entrée qui reçoit ces formulations"},
		{"unknown entry", Decision{Entry: "permis.bateau", Texts: []string{"azerty"}}, guichet.Invalid,
			"l'entrée « permis.bateau » n'existe pas dans la base de connaissances"},
		{"out of scope into an in-scope entry", Decision{Entry: "permis.vol", OutOfScope: true, Texts: []string{"azerty"}}, guichet.Invalid,
			"l'entrée « permis.vol » n'est pas une entrée hors sujet"},
		{"too long", Decision{Entry: "permis.perte", Texts: []string{long}}, guichet.Invalid,
			"« " + shorten(long) + " » est trop longue pour devenir une formulation (220 caractères, 200 au plus) : décochez-la"},
		{"no word", Decision{Entry: "permis.perte", Texts: []string{"???"}}, guichet.Invalid, "« ??? » ne contient aucun mot : décochez-la"},
		{"already a paraphrase", Decision{Entry: "permis.vol", Texts: []string{"permis perdu"}}, guichet.Conflict,
			"« permis perdu » est déjà une formulation de l'entrée permis.perte"},
		{"already decided", Decision{Entry: "permis.vol", Texts: []string{"mon permis s'est envolé"}}, guichet.Conflict,
			"« mon permis s'est envolé » a déjà été traitée par bob le 12/12/2026 à 09:00 UTC"},
	}
	s, path := newService(t, facts)
	ctx := context.Background()
	if _, err := s.Decide(ctx, Decision{Entry: "permis.perte", By: "bob", Texts: []string{"mon permis s'est envolé"}}); err != nil {
		t.Fatal(err)
	}
	before := read(t, path)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.d.By = "sue"
			_, err := s.Decide(ctx, c.d)
			var r *Refusal
			if !errors.As(err, &r) || guichet.KindOf(err) != c.kind || r.Msg != c.msg {
				t.Fatalf("Decide: %v (kind %s)\nwant %s: %s", err, guichet.KindOf(err), c.kind, c.msg)
			}
		})
	}
	if read(t, path) != before {
		t.Error("a refused decision changed the pending file")
	}
}

// TestConcurrentDecisionsAreAllKept stands for several instances deciding
// at once on one pending file: each service reads, merges and writes under
// the file lock, so no decision overwrites another.
func TestConcurrentDecisionsAreAllKept(t *testing.T) {
	const n = 24
	var facts fakeFacts
	for i := range n {
		facts = append(facts, ago(1, fmt.Sprintf("question numéro %d", i)))
	}
	first, path := newService(t, facts)
	second := *first // another instance: same file, its own state
	instances := []*Service{first, &second}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := Decision{Entry: "permis.perte", By: fmt.Sprintf("agent%d", i), Texts: []string{fmt.Sprintf("question numéro %d", i)}}
			if i%3 == 0 {
				d = Decision{OutOfScope: true, By: d.By, Texts: d.Texts}
			}
			_, err := instances[i%2].Decide(context.Background(), d)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	p, err := ReadPending(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range p.Changes {
		for _, text := range c.Texts() {
			seen[text] = true
		}
	}
	if len(p.Changes) != n || len(seen) != n {
		t.Fatalf("%d changes with %d texts in the pending file, want %d", len(p.Changes), len(seen), n)
	}
	if _, err := Check(path, fixtureKB); err != nil {
		t.Fatalf("Check: %v", err)
	}
}

func TestNewSaysWhatIsMissing(t *testing.T) {
	k := func() *kb.KB { return nil }
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{KB: k, PendingFile: "p"}, "Options.Facts is required"},
		{Options{Facts: fakeFacts{}, PendingFile: "p"}, "Options.KB is required"},
		{Options{Facts: fakeFacts{}, KB: k}, "kb.pending_file is required"},
		{Options{Facts: fakeFacts{}, KB: k, PendingFile: "p", Threshold: 2}, "want a similarity"},
	} {
		if _, err := New(c.o); !guichet.Is(err, guichet.Invalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New: %v, want %q", err, c.want)
		}
	}
}
