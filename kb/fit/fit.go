// Package fit fits the matcher's confidence model (kb.Model, the KB's
// model file) on labelled questions and on the KB itself, and measures how
// well calibrated it is, including on questions about procedures the KB
// does not cover.
//
// The examples are a question's first candidates, right when the candidate
// is the entry the question expects:
//
//   - the labelled cases (testdata/eval/cases.jsonl), matched on the KB;
//   - with KBHoldout n, every n-th paraphrase of each entry, matched on a
//     KB whose index lacks it (kb.KB.HoldOut);
//   - with EntryFolds k, leave-entries-out: the entries are dealt into k
//     folds and each fold in turn is removed from the KB. The removed
//     entries' paraphrases and cases are then questions about a procedure
//     the KB does not cover: no candidate is right, the bot should abstain.
//     The model learns what such a question looks like instead of
//     answering it with a neighbour.
//
// With EntryFolds, the model is also cross-validated: for each fold, a
// model fitted without that fold's examples scores the fold's questions on
// the KB without its entries (the cases of other entries, covered; those
// of its own entries and their paraphrases, uncovered). The calibration
// table and threshold sweep printed from them are measured on entries the
// model never saw removed.
package fit

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// None is the Expect of a case no entry should answer.
const None = "none"

// Case is a labelled question.
type Case struct {
	Text   string
	Expect string // an entry id, or None
	Line   int    // in its file, for messages
}

// Options say which examples to add to the cases.
type Options struct {
	// KBHoldout n > 1 adds every n-th KB paraphrase, held out of the index.
	KBHoldout int
	// EntryFolds k > 1 adds leave-entries-out examples over k folds and
	// cross-validates the model on them.
	EntryFolds int
	// UncoveredShare is the share of the training weight the uncovered
	// questions carry together, against the cases and paraphrases (0:
	// DefaultUncoveredShare). It is the prior the model learns that a
	// question is about a procedure the KB lacks: the higher, the more
	// readily it abstains on unknown procedures, at the cost of answering
	// fewer covered questions. A share rather than a weight per example,
	// so that the balance holds as the KB grows.
	UncoveredShare float64
	// Thresholds, when set, are written with the model. Otherwise the
	// answer threshold is the highest at which the fitted model answers
	// at least as many cases right as the prior model did at its own
	// (see isoThresholds), and the clarify threshold keeps its ratio to it.
	Thresholds *kb.Thresholds
	// Progress, when set, receives a line per step (folds take seconds).
	Progress func(string)
}

// DefaultUncoveredShare was chosen with the leave-entries-out sweep and
// 'guichet eval' on the tuning and held-out sets (see kb/README.md,
// "Refit").
const DefaultUncoveredShare = 0.2

// Kept reports whether an entry always stays in the KB in
// leave-entries-out: the conversation's own entries (greetings, asking for
// a person) are in every KB, so a question about them is never one about
// an uncovered procedure.
func Kept(e *kb.Entry) bool {
	return strings.HasPrefix(e.ID, "smalltalk.") || strings.HasPrefix(e.ID, "conseiller.")
}

// maxExampleCandidates is how many candidates of a question become
// training examples: the top ones, which the bot acts on or offers.
const maxExampleCandidates = 3

// question is one matched text with its candidates, best first under the
// model it was matched with.
type question struct {
	// folds are the cross-validation folds the question is tested in: a
	// model fitted for one of them leaves it out (-1: none).
	folds     [2]int
	uncovered bool
	entries   []string // the candidates' entries
	cands     []match.Features
	right     []bool
}

// examples turns questions into training examples.
func examples(qs []question, weight float64, skipFold int) []Example {
	var out []Example
	for _, q := range qs {
		if skipFold >= 0 && (q.folds[0] == skipFold || q.folds[1] == skipFold) {
			continue
		}
		w := 1.0
		if q.uncovered {
			w = weight
		}
		for i := range min(len(q.cands), maxExampleCandidates) {
			out = append(out, Example{F: q.cands[i], Right: q.right[i], Weight: w})
		}
	}
	return out
}

// matchAll matches texts on k (with its index) and records their
// candidates; expect gives each text's right entry (None: none).
func matchAll(k *kb.KB, texts, expect []string, fold [][2]int, uncovered bool) ([]question, error) {
	idx, err := kb.NewIndex(k)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	m := match.New(k, idx)
	out := make([]question, 0, len(texts))
	for i, text := range texts {
		r, err := m.Match(text)
		if err != nil {
			return nil, err
		}
		q := question{folds: fold[i], uncovered: uncovered}
		for _, c := range r.Candidates {
			q.entries = append(q.entries, c.Entry)
			q.cands = append(q.cands, c.Features)
			q.right = append(q.right, !uncovered && c.Entry == expect[i])
		}
		out = append(out, q)
	}
	return out, nil
}

// Result is a fitted model with the measures of its fit.
type Result struct {
	Model kb.Model // the fitted weights; thresholds from the KB or Options
	Prior kb.Model // the KB's model before the fit

	Cases, Paraphrases, Uncovered int // questions of each source
	Examples                      int
	Folds                         int
	LeftOut                       int // entries left out over all folds

	// Before and After calibrate the training examples under the prior
	// and the fitted model.
	Before, After []Bin
	// HeldOut calibrates the top candidate of each cross-validated
	// question (covered and uncovered); HeldOutUncovered those about a
	// left-out entry only (no candidate is right: their confidence should
	// be low). Sweep scores answer thresholds on the same questions.
	HeldOut, HeldOutUncovered []Bin
	Sweep                     []SweepRow
	// PriorSweep is the sweep of the prior model on the same questions.
	PriorSweep []SweepRow
	// UncoveredWeight is the weight each uncovered example got.
	UncoveredWeight float64
	// Cases0 and Cases1 count the cases the prior and the fitted model
	// answer (top candidate at or above the answer threshold), on the
	// whole KB.
	Cases0, Cases1 Answered
}

// Answered counts questions answered right and wrong.
type Answered struct{ Right, Wrong int }

func answered(qs []question, w kb.Weights, threshold float64) Answered {
	var a Answered
	for _, q := range qs {
		s := score(q, w)
		switch {
		case s.conf < threshold:
		case s.right:
			a.Right++
		default:
			a.Wrong++
		}
	}
	return a
}

// isoThresholds returns the highest answer threshold (to 0.005) at which
// the model w answers at least as many of the cases right as the prior
// model at its own: the refit keeps the right answers and spends what it
// learnt on answering less when wrong. The clarify threshold keeps the
// prior's ratio to the answer threshold. With no case answered right by
// the prior, there is nothing to keep: the prior's thresholds stay.
func isoThresholds(cases []question, prior kb.Model, w kb.Weights) kb.Thresholds {
	want := answered(cases, prior.Weights, prior.Thresholds.Answer).Right
	if want == 0 {
		return prior.Thresholds
	}
	t := 0.005
	for c := 0.95; c > 0.005; c -= 0.005 {
		if answered(cases, w, c).Right >= want {
			t = c
			break
		}
	}
	t = math.Round(t*1000) / 1000
	clarify := math.Round(t*prior.Thresholds.Clarify/prior.Thresholds.Answer*1000) / 1000
	return kb.Thresholds{Answer: t, Clarify: max(clarify, 0.001)}
}

// Run fits the confidence model of k on cases and the examples opt adds.
func Run(k *kb.KB, cases []Case, opt Options) (*Result, error) {
	if opt.UncoveredShare == 0 {
		opt.UncoveredShare = DefaultUncoveredShare
	}
	if opt.UncoveredShare < 0 || opt.UncoveredShare >= 1 {
		return nil, fmt.Errorf("fit: the uncovered share must be in (0, 1), got %g", opt.UncoveredShare)
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	for _, c := range cases {
		if c.Expect != None && k.Entry(c.Expect) == nil {
			return nil, fmt.Errorf("line %d: expect %q is not an entry of the knowledge base", c.Line, c.Expect)
		}
	}
	folds := max(opt.EntryFolds, 0)
	if folds == 1 {
		return nil, errors.New("fit: leave-entries-out needs at least 2 folds")
	}
	fold := foldsOf(k, folds)
	res := &Result{Prior: k.Model(), Folds: folds}

	// The cases on the whole KB, and KB paraphrases held out of the index.
	texts, expect, at := caseColumns(cases, fold, folds)
	regular, err := matchAll(k, texts, expect, at, false)
	if err != nil {
		return nil, err
	}
	res.Cases = len(regular)
	if opt.KBHoldout > 1 {
		reduced, held := k.HoldOut(opt.KBHoldout)
		texts, expect, at = nil, nil, nil
		for i, p := range held {
			texts = append(texts, p.Question)
			exp := p.Entry
			if e := k.Entry(p.Entry); e != nil && e.Action == kb.ActionOutOfScope {
				exp = None // as in the eval sets: an out-of-scope question has no right entry
			}
			expect = append(expect, exp)
			f := caseFolds(fold, p.Entry, i, folds)
			at = append(at, [2]int{f[0], f[0]})
		}
		more, err := matchAll(reduced, texts, expect, at, false)
		if err != nil {
			return nil, err
		}
		res.Paraphrases = len(more)
		regular = append(regular, more...)
		progress(fmt.Sprintf("KB paraphrases held out of the index: %d", len(more)))
	}

	// Leave-entries-out: uncovered questions, and the covered cases each
	// fold is tested on.
	var uncovered, covered []question
	for f := range folds {
		u, c, n, err := leaveOut(k, cases, fold, f, folds)
		if err != nil {
			return nil, err
		}
		uncovered, covered = append(uncovered, u...), append(covered, c...)
		res.LeftOut += n
		progress(fmt.Sprintf("fold %d/%d: %d entries left out, %d uncovered questions", f+1, folds, n, len(u)))
	}
	res.Uncovered = len(uncovered)

	weight := 1.0
	if len(uncovered) > 0 {
		weight = opt.UncoveredShare / (1 - opt.UncoveredShare) * float64(len(regular)) / float64(len(uncovered))
	}
	res.UncoveredWeight = weight
	train := append(append([]question{}, regular...), uncovered...)
	all := examples(train, weight, -1)
	res.Examples = len(all)
	w := roundWeights(Logistic(all))
	res.Model = k.Model()
	res.Model.Weights = w
	if opt.Thresholds != nil {
		res.Model.Thresholds = *opt.Thresholds
	} else {
		res.Model.Thresholds = isoThresholds(regular[:res.Cases], res.Prior, w)
	}
	res.Cases0, res.Cases1 = answered(regular[:res.Cases], res.Prior.Weights, res.Prior.Thresholds.Answer),
		answered(regular[:res.Cases], w, res.Model.Thresholds.Answer)
	res.Before, res.After = Calibration(all, res.Prior.Weights), Calibration(all, w)

	if folds > 1 {
		var scored, prior []scoredQuestion
		for f := range folds {
			wf := Logistic(examples(train, weight, f))
			for _, q := range append(covered, uncovered...) {
				if q.folds[0] == f {
					scored = append(scored, score(q, wf))
					prior = append(prior, score(q, res.Prior.Weights))
				}
			}
			progress(fmt.Sprintf("cross-validation %d/%d", f+1, folds))
		}
		res.HeldOut, res.HeldOutUncovered = calibrateTop(scored, false), calibrateTop(scored, true)
		res.Sweep, res.PriorSweep = sweep(scored), sweep(prior)
	}
	return res, nil
}

// foldsOf deals the entries that may be left out into folds: a decision
// tree's root and its branches together (without its branches, a root's
// question is still answered by a branch, and the other way round), in KB
// order, round-robin, so that every fold takes some of each domain.
func foldsOf(k *kb.KB, folds int) map[string]int {
	fold := map[string]int{}
	if folds < 2 {
		return fold
	}
	group := map[string]string{} // entry -> its family's first entry
	var find func(string) string
	find = func(id string) string {
		if g, ok := group[id]; ok && g != id {
			r := find(g)
			group[id] = r
			return r
		}
		return id
	}
	entries := k.Entries()
	for _, e := range entries {
		group[e.ID] = find(e.ID)
		for _, b := range e.Branches() {
			if k.Entry(b) == nil {
				continue
			}
			rb, re := find(b), find(e.ID)
			if rb != re {
				group[rb] = re
			}
		}
	}
	next := 0
	byGroup := map[string]int{}
	for _, e := range entries {
		if Kept(e) {
			continue
		}
		g := find(e.ID)
		f, ok := byGroup[g]
		if !ok {
			f = next % folds
			byGroup[g] = f
			next++
		}
		fold[e.ID] = f
	}
	return fold
}

// caseFolds returns the folds a case is tested in: as uncovered in its
// entry's fold, and as covered in another one (chosen by position), so
// that every case is tested once each way. A case of no foldable entry
// (none, small talk) is tested, covered, in one fold.
func caseFolds(fold map[string]int, expect string, i, folds int) [2]int {
	if folds < 2 {
		return [2]int{-1, -1}
	}
	f, ok := fold[expect]
	if !ok {
		return [2]int{i % folds, i % folds}
	}
	return [2]int{f, (f + 1 + i%(folds-1)) % folds}
}

func caseColumns(cases []Case, fold map[string]int, folds int) (texts, expect []string, at [][2]int) {
	for i, c := range cases {
		texts = append(texts, c.Text)
		expect = append(expect, c.Expect)
		at = append(at, caseFolds(fold, c.Expect, i, folds))
	}
	return texts, expect, at
}

// leaveOut removes fold f's entries from k and matches, on what is left,
// their paraphrases and cases (uncovered) and the fold's other cases
// (covered, for testing only).
func leaveOut(k *kb.KB, cases []Case, fold map[string]int, f, folds int) (uncovered, covered []question, n int, err error) {
	drop := map[string]bool{}
	var texts, expect []string
	var at [][2]int
	here := [2]int{f, f}
	for _, e := range k.Entries() {
		if g, ok := fold[e.ID]; ok && g == f {
			drop[e.ID] = true
			for _, q := range e.Questions {
				texts, expect, at = append(texts, q), append(expect, None), append(at, here)
			}
		}
	}
	var ctexts, cexpect []string
	var cat [][2]int
	for i, c := range cases {
		switch {
		case drop[c.Expect]:
			texts, expect, at = append(texts, c.Text), append(expect, None), append(at, here)
		case caseFolds(fold, c.Expect, i, folds)[1] == f:
			ctexts, cexpect, cat = append(ctexts, c.Text), append(cexpect, c.Expect), append(cat, here)
		}
	}
	reduced := k.Without(drop, k.Model())
	if uncovered, err = matchAll(reduced, texts, expect, at, true); err != nil {
		return nil, nil, 0, err
	}
	if covered, err = matchAll(reduced, ctexts, cexpect, cat, false); err != nil {
		return nil, nil, 0, err
	}
	return uncovered, covered, len(drop), nil
}

// roundWeights keeps four decimals: the model file stays readable and its
// diffs small, and the confidence moves by less than 1e-3.
func roundWeights(w kb.Weights) kb.Weights {
	return match.ModelOf(math.Round(w.Bias*1e4)/1e4, func() (out [match.NumFeatures]float64) {
		for i, v := range match.Weights(w) {
			out[i] = math.Round(v*1e4) / 1e4
		}
		return out
	}())
}
