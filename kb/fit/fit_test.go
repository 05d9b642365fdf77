package fit

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

func fixture(t *testing.T) *kb.KB {
	t.Helper()
	k, err := kb.LoadDir("../testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var fixtureCases = []Case{
	{Text: "perdu mon permis de conduire hier", Expect: "permis.perte", Line: 1},
	{Text: "on m'a volé mon permis dans le métro", Expect: "permis.vol", Line: 2},
	{Text: "refaire une carte d'identité en mairie", Expect: "cni.demande", Line: 3},
	{Text: "nouvelle adresse sur la carte grise", Expect: "civ.changement-adresse", Line: 4},
	{Text: "je veux un conseiller au téléphone", Expect: "conseiller.humain", Line: 5},
	{Text: "permis de construire une véranda", Expect: None, Line: 6},
}

// A decision tree leaves the KB with its branches; the conversation's own
// entries never leave.
func TestFoldsKeepFamiliesTogether(t *testing.T) {
	fold := foldsOf(fixture(t), 2)
	if _, ok := fold["conseiller.humain"]; ok {
		t.Error("conseiller.humain was dealt into a fold")
	}
	if fold["permis.refaire"] != fold["permis.perte"] || fold["permis.refaire"] != fold["permis.vol"] {
		t.Errorf("the permis.refaire tree is split: %v", fold)
	}
	if len(fold) != 5 || fold["cni.demande"] == fold["permis.refaire"] {
		t.Errorf("folds = %v, want 5 entries, the tree and cni.demande apart", fold)
	}
}

// A question about a left-out entry has no right candidate, and none of
// its candidates is a left-out entry.
func TestLeaveOut(t *testing.T) {
	k := fixture(t)
	fold := foldsOf(k, 2)
	f := fold["cni.demande"]
	uncovered, covered, n, err := leaveOut(k, fixtureCases, fold, f, 2)
	if err != nil {
		t.Fatal(err)
	}
	wantN, wantQ := 0, 0
	for _, e := range k.Entries() {
		if g, ok := fold[e.ID]; ok && g == f {
			wantN++
			wantQ += len(e.Questions)
			wantQ += len(slices.DeleteFunc(slices.Clone(fixtureCases), func(c Case) bool { return c.Expect != e.ID }))
		}
	}
	if n != wantN || len(uncovered) != wantQ {
		t.Fatalf("%d entries left out, %d uncovered questions; want %d and %d", n, len(uncovered), wantN, wantQ)
	}
	for _, q := range uncovered {
		if !q.uncovered || slices.Contains(q.right, true) || q.folds != [2]int{f, f} {
			t.Errorf("uncovered question %+v", q)
		}
		for _, id := range q.entries {
			if g, ok := fold[id]; ok && g == f {
				t.Errorf("candidate %s was left out", id)
			}
		}
	}
	for _, q := range covered {
		if q.uncovered {
			t.Errorf("covered question marked uncovered: %+v", q)
		}
	}
}

func TestLogistic(t *testing.T) {
	var ex []Example
	for i := range 100 {
		c := float64(i) / 100
		ex = append(ex, Example{F: match.Features{Coverage: c}, Right: c > 0.5})
	}
	m := Logistic(ex)
	hi, lo := match.Confidence(m, match.Features{Coverage: 0.9}), match.Confidence(m, match.Features{Coverage: 0.1})
	if hi < 0.8 || lo > 0.2 {
		t.Errorf("confidence %.2f at coverage 0.9, %.2f at 0.1", hi, lo)
	}
	for i := range ex {
		if !ex[i].Right {
			ex[i].Weight = 5
		}
	}
	if c := match.Confidence(Logistic(ex), match.Features{Coverage: 0.55}); c >= match.Confidence(m, match.Features{Coverage: 0.55}) {
		t.Errorf("weighing the wrong examples more did not lower the confidence near the boundary (%.2f)", c)
	}
}

func TestRun(t *testing.T) {
	k := fixture(t)
	res, err := Run(k, fixtureCases, Options{EntryFolds: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Cases != len(fixtureCases) || res.Uncovered == 0 || res.LeftOut != 5 || res.Examples == 0 {
		t.Errorf("result %+v", res)
	}
	if err := res.Model.Check(); err != nil {
		t.Errorf("fitted model: %v", err)
	}
	n := 0
	for _, b := range res.HeldOut {
		n += b.N
	}
	// Every case once as covered in some fold, the uncovered questions
	// (a left-out entry's paraphrases and cases) once in their fold.
	if want := res.Uncovered + len(fixtureCases); n != want {
		t.Errorf("held-out calibration over %d questions, want %d", n, want)
	}
	if len(res.Sweep) != 11 || len(res.PriorSweep) != 11 {
		t.Errorf("sweep of %d rows", len(res.Sweep))
	}
	var out strings.Builder
	res.Write(&out)
	for _, want := range []string{"held-out entries", "of which questions about a left-out entry", "answer threshold", "thresholds: answer"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	k := fixture(t)
	if _, err := Run(k, []Case{{Text: "x", Expect: "permis.inconnu", Line: 7}}, Options{}); err == nil || !strings.Contains(err.Error(), "line 7") {
		t.Errorf("unknown entry: %v", err)
	}
	if _, err := Run(k, fixtureCases, Options{EntryFolds: 1}); err == nil {
		t.Error("one fold accepted")
	}
	if _, err := Run(k, fixtureCases, Options{UncoveredShare: 1}); err == nil {
		t.Error("uncovered share 1 accepted")
	}
}

// With the prior's own weights, the chosen threshold answers exactly as
// many cases right as the prior.
func TestIsoThresholds(t *testing.T) {
	k := fixture(t)
	qs, err := matchAll(k, []string{"perdu mon permis", "volé mon permis", "carte d'identité", "adresse carte grise", "meteo demain"},
		[]string{"permis.perte", "permis.vol", "cni.demande", "civ.changement-adresse", None}, make([][2]int, 5), false)
	if err != nil {
		t.Fatal(err)
	}
	prior := k.Model()
	th := isoThresholds(qs, prior, prior.Weights)
	if got, want := answered(qs, prior.Weights, th.Answer).Right, answered(qs, prior.Weights, prior.Thresholds.Answer).Right; got != want {
		t.Errorf("threshold %.3f answers %d right, the prior %d", th.Answer, got, want)
	}
	if th.Answer < prior.Thresholds.Answer-0.005 || math.Abs(th.Clarify/th.Answer-prior.Thresholds.Clarify/prior.Thresholds.Answer) > 0.01 {
		t.Errorf("thresholds %+v from prior %+v", th, prior.Thresholds)
	}
	if th := isoThresholds(nil, prior, prior.Weights); th != prior.Thresholds {
		t.Errorf("no case: thresholds %+v, want the prior's %+v", th, prior.Thresholds)
	}
}

func TestWriteModelFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, kb.ModelFile)
	m := fixture(t).Model()
	m.Fitted = kb.Fitted{Command: "guichet eval --fit x", Date: "2026-12-06", Entries: "abc", Examples: 3}
	if err := WriteModelFile(path, m); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, probs := kb.ParseModel(kb.ModelFile, data); len(probs) > 0 || got != m {
		t.Errorf("read back %+v, %v", got, probs)
	}
	bad := m
	bad.Thresholds.Clarify = 0.9
	if err := WriteModelFile(path, bad); err == nil {
		t.Error("an invalid model was written")
	}
	if after, _ := os.ReadFile(path); string(after) != string(data) {
		t.Error("a refused write changed the file")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
}
