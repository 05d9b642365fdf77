package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/guichet/guichet/bot/eval"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/fit"
)

// fitFlags are the flags of 'guichet eval --fit'.
type fitFlags struct {
	fit                 *bool
	holdout, folds      *int
	uncoveredShare      *float64
	model               *string
	answerAt, clarifyAt *float64
}

func addFitFlags(fs *flag.FlagSet) fitFlags {
	return fitFlags{
		fit:            fs.Bool("fit", false, "fit the confidence model on FILE, print its calibration and write the KB's model file"),
		holdout:        fs.Int("kb-holdout", 0, "with --fit: also learn from every Nth KB paraphrase, held out of the index (0: none)"),
		folds:          fs.Int("leave-entries-out", 0, "with --fit: leave whole entries out of the KB in K folds, their questions to be abstained on; print the calibration on held-out entries (0: none)"),
		uncoveredShare: fs.Float64("uncovered-share", fit.DefaultUncoveredShare, "with --leave-entries-out: share of the training weight of the uncovered questions, in (0, 1)"),
		model:          fs.String("model", "", "with --fit: the model file to write (default: kb.dir, else kb/data, /"+kb.ModelFile+")"),
		answerAt:       fs.Float64("answer-threshold", 0, "with --fit: the answer threshold to write (0: keep the current model's)"),
		clarifyAt:      fs.Float64("clarify-threshold", 0, "with --fit: the clarify threshold to write (0: keep the current model's)"),
	}
}

// fitModel runs the fit (package kb/fit) on the configured KB k, prints
// its report and writes the model file.
func fitModel(e *cli.Env, cfg *config.Config, k *kb.KB, cases []eval.Case, f fitFlags) int {
	path, err := modelPath(*f.model, cfg.KB)
	if err != nil {
		e.Failf("guichet: eval --fit: %v", err)
		return cli.ExitUsage
	}
	opt := fit.Options{KBHoldout: *f.holdout, EntryFolds: *f.folds, UncoveredShare: *f.uncoveredShare,
		Progress: func(s string) { fmt.Fprintln(e.Stderr, s) }}
	if *f.answerAt != 0 || *f.clarifyAt != 0 {
		t := k.Model().Thresholds
		t.Answer, t.Clarify = cmp.Or(*f.answerAt, t.Answer), cmp.Or(*f.clarifyAt, t.Clarify)
		opt.Thresholds = &t
	}
	fc := make([]fit.Case, len(cases))
	for i, c := range cases {
		fc[i] = fit.Case{Text: c.Text, Expect: c.Expect, Line: c.Line}
	}
	res, err := fit.Run(k, fc, opt)
	if err != nil {
		return e.Failf("guichet: eval --fit: %v", err)
	}
	res.Write(e.Stdout)
	res.Model.Fitted = kb.Fitted{Command: "guichet eval " + strings.Join(e.Args, " "),
		Date: time.Now().UTC().Format(time.DateOnly), Entries: k.EntriesVersion(), Examples: res.Examples}
	if err := fit.WriteModelFile(path, res.Model); err != nil {
		return e.Failf("guichet: eval --fit: %v", err)
	}
	fmt.Fprintf(e.Stdout, "wrote %s (reload the KB to use it: SIGHUP, kb.watch, or a new build for the embedded KB)\n", path)
	return cli.ExitOK
}

// modelPath is where --fit writes: --model, else the model file of kb.dir,
// else of kb/data in a source checkout.
func modelPath(flagged string, c config.KB) (string, error) {
	if flagged != "" {
		return flagged, nil
	}
	dir := cmp.Or(c.Dir, defaultKBDir)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("no KB directory %s to write %s into: name the file with --model", dir, kb.ModelFile)
	}
	return filepath.Join(dir, kb.ModelFile), nil
}
