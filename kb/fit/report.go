package fit

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/guichet/guichet/kb"
)

// FormatWeights prints a model's weights on one line, in file order.
func FormatWeights(w kb.Weights) string {
	var b strings.Builder
	vals := w.Values()
	for i, name := range kb.WeightNames() {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s %.3f", name, vals[i])
	}
	return b.String()
}

// Write prints what the fit did: the examples, the prior and fitted models
// with their calibration, and, with leave-entries-out, the calibration on
// held-out entries and the threshold sweep.
func (r *Result) Write(w io.Writer) {
	fmt.Fprintf(w, "examples: %d candidates of %d cases", r.Examples, r.Cases)
	if r.Paraphrases > 0 {
		fmt.Fprintf(w, ", %d KB paraphrases held out of the index", r.Paraphrases)
	}
	if r.Folds > 1 {
		fmt.Fprintf(w, ", %d uncovered questions (%d entries left out over %d folds; weight %.3f each)",
			r.Uncovered, r.LeftOut, r.Folds, r.UncoveredWeight)
	}
	fmt.Fprintf(w, "\n\nprior model: %s\n", FormatWeights(r.Prior.Weights))
	WriteCalibration(w, r.Before)
	fmt.Fprintf(w, "\nfitted model: %s\n", FormatWeights(r.Model.Weights))
	WriteCalibration(w, r.After)
	if r.Folds > 1 {
		fmt.Fprintf(w, "\nheld-out entries (cross-validated over %d folds: every case, and the paraphrases of left-out\n"+
			"entries, matched on the KB without its fold's entries, top candidate, scored by a model fitted\n"+
			"without that fold):\n", r.Folds)
		WriteCalibration(w, r.HeldOut)
		fmt.Fprintln(w, "\nof which questions about a left-out entry (no candidate is right):")
		WriteCalibration(w, r.HeldOutUncovered)
		fmt.Fprintln(w, "\nanswer threshold on the same questions (top candidate only, before the bot's other rules),")
		fmt.Fprintln(w, "fitted model (cross-validated) | prior model:")
		fmt.Fprintln(w, "threshold   cases right  wrong  uncovered answered |  cases right  wrong  uncovered answered")
		for i, s := range r.Sweep {
			p := r.PriorSweep[i]
			mark := ""
			if s.Threshold <= r.Model.Thresholds.Answer && r.Model.Thresholds.Answer < s.Threshold+0.05 {
				mark = "  <- answer threshold"
			}
			fmt.Fprintf(w, "  %.2f         %5.1f%% %5.1f%%              %5.1f%% |       %5.1f%% %5.1f%%              %5.1f%%%s\n",
				s.Threshold, 100*s.Right, 100*s.Wrong, 100*s.UncoveredAnswered, 100*p.Right, 100*p.Wrong, 100*p.UncoveredAnswered, mark)
		}
	}
	fmt.Fprintf(w, "\nthresholds: answer %.3f, clarify %.3f (prior %.3f, %.3f)\n", r.Model.Thresholds.Answer, r.Model.Thresholds.Clarify,
		r.Prior.Thresholds.Answer, r.Prior.Thresholds.Clarify)
	fmt.Fprintf(w, "cases on the whole KB, top candidate at the answer threshold: prior %d right %d wrong, fitted %d right %d wrong\n",
		r.Cases0.Right, r.Cases0.Wrong, r.Cases1.Right, r.Cases1.Wrong)
}

// WriteModelFile writes m to path atomically: a reader (the KB watcher, a
// reload) sees the old file or the new one, never half of it. m is checked
// first; nothing is written when it is invalid.
func WriteModelFile(path string, m kb.Model) error {
	data, err := kb.MarshalModel(m)
	if err != nil {
		return err
	}
	if _, probs := kb.ParseModel(filepath.Base(path), data); len(probs) > 0 {
		return fmt.Errorf("fit: the model would not read back: %v", probs[0])
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".model-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
