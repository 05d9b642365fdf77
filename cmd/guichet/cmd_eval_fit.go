package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// fitModel fits the confidence model on the cases' top candidates (right
// when it is the expected entry; an out-of-scope case has no right one),
// plus, with holdout > 1, every holdout-th KB paraphrase matched against
// an index that lacks it. It prints the model with the calibration table
// before and after.
func fitModel(e *env, ml *match.Live, cases []evalCase, holdout int) int {
	examples, err := caseExamples(ml.Current(), cases)
	if err == nil && holdout > 1 {
		var more []match.Example
		more, err = holdoutExamples(ml.Current().KB(), holdout)
		fmt.Fprintf(e.stdout, "KB paraphrases held out of the index: %d examples\n", len(more))
		examples = append(examples, more...)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: eval: %v\n", err)
		return 1
	}
	m := match.Fit(examples)
	fmt.Fprintf(e.stdout, "examples: %d\n\ncurrent model %s\n", len(examples), match.DefaultModel)
	match.WriteCalibration(e.stdout, match.Calibration(examples, match.DefaultModel))
	fmt.Fprintf(e.stdout, "\nfitted model %s\n", m)
	match.WriteCalibration(e.stdout, match.Calibration(examples, m))
	return 0
}

// maxExampleCandidates is how many candidates of a message become examples.
const maxExampleCandidates = 3

func caseExamples(m *match.Matcher, cases []evalCase) ([]match.Example, error) {
	var out []match.Example
	for _, tc := range cases {
		ex, err := examplesOf(m, tc.Text, tc.Expect)
		if err != nil {
			return nil, err
		}
		out = append(out, ex...)
	}
	return out, nil
}

// holdoutExamples matches paraphrases the index has not seen.
func holdoutExamples(k *kb.KB, n int) ([]match.Example, error) {
	reduced, held := k.HoldOut(n)
	idx, err := kb.NewIndex(reduced)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	m := match.New(reduced, idx, match.DefaultModel)
	var out []match.Example
	for _, p := range held {
		expect := p.Entry
		if e := reduced.Entry(p.Entry); e != nil && e.Action == kb.ActionOutOfScope {
			expect = "none" // as in the eval set: an out-of-scope question has no right entry
		}
		ex, err := examplesOf(m, p.Question, expect)
		if err != nil {
			return nil, err
		}
		out = append(out, ex...)
	}
	return out, nil
}

func examplesOf(m *match.Matcher, text, expect string) ([]match.Example, error) {
	r, err := m.Match(text)
	if err != nil {
		return nil, err
	}
	var out []match.Example
	for i, c := range r.Candidates {
		if i == maxExampleCandidates {
			break
		}
		out = append(out, match.Example{F: c.Features, Right: c.Entry == expect})
	}
	return out, nil
}
