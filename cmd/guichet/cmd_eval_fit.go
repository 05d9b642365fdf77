package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb/match"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// fitModel fits the confidence model on the cases' top candidates (right
// when it is the expected entry; an out-of-scope case has no right one)
// and prints it with the calibration table before and after.
func fitModel(e *env, cfg config.Bot, ml *match.Live, cases []evalCase) int {
	var examples []match.Example
	for _, tc := range cases {
		r, err := ml.Current().Match(tc.Text)
		if err != nil {
			fmt.Fprintf(e.stderr, "guichet: eval: %v\n", err)
			return 1
		}
		for i, c := range r.Candidates {
			if i == 3 {
				break
			}
			examples = append(examples, match.Example{F: c.Features, Right: c.Entry == tc.Expect})
		}
	}
	m := match.Fit(examples)
	fmt.Fprintf(e.stdout, "examples: %d\n\ncurrent model %s\n", len(examples), match.DefaultModel)
	match.WriteCalibration(e.stdout, match.Calibration(examples, match.DefaultModel))
	fmt.Fprintf(e.stdout, "\nfitted model %s\n", m)
	match.WriteCalibration(e.stdout, match.Calibration(examples, m))
	return 0
}
