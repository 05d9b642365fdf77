package eval

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/guichet/guichet/bot"
)

// Counts sum up an evaluation. In scope, a case is correct when the
// engine acts on the expected entry, or gives the redirection of the
// expected out-of-scope entry (orientation.crit-air: "that is on
// certificat-air.gouv.fr"), as the dialogue evaluation counts it; clarified when it asks a question
// that offers it, wrong when it acts on another entry, abstained
// otherwise. Out of scope, answering (acting on any entry) is the fault,
// but for the conversation's own entries (smalltalk.*: a greeting, thanks,
// the acknowledgement of an angry message that offers a person), which
// state nothing about any procedure.
type Counts struct {
	InScope, Correct, Clarified, Wrong, Abstained       int
	OutOfScope, OOSAbstained, OOSClarified, OOSAnswered int
	// ByLang splits the counts by the language of the message.
	ByLang LangCounts
}

// Labels Add returns for the cases worth printing.
const (
	LabelWrong     = "WRONG"
	LabelOOSAnswer = "OOS-ANS"
	LabelClarified = "clarified"
	LabelAbstained = "abstained"
)

// Add counts one case and returns a label when it is worth printing
// (anything but a correct answer or an out-of-scope case left alone).
func (c *Counts) Add(expect string, r Result) string {
	acted := r.Decision == bot.DecisionAnswer || r.Decision == bot.DecisionHandoff
	if expect == None {
		c.OutOfScope++
		switch {
		case acted && r.ID != "" && !strings.HasPrefix(r.ID, "smalltalk."):
			c.OOSAnswered++
			return LabelOOSAnswer
		case r.Decision == bot.DecisionClarify:
			c.OOSClarified++
		default:
			c.OOSAbstained++
		}
		return ""
	}
	c.InScope++
	switch {
	case r.ID == expect && (acted || r.Decision == bot.DecisionClarify), r.Redirect == expect:
		// A clarify with an entry is a decision tree's root, answered.
		c.Correct++
	case acted && r.ID != "":
		c.Wrong++
		return LabelWrong
	case r.Decision == bot.DecisionClarify && slices.Contains(r.Options, expect):
		c.Clarified++
		return LabelClarified
	default:
		c.Abstained++
		return LabelAbstained
	}
	return ""
}

// Total is the number of cases counted.
func (c Counts) Total() int { return c.InScope + c.OutOfScope }

// CorrectPct is the share of in-scope cases answered right, in percent.
func (c Counts) CorrectPct() float64 { return pct(c.Correct, c.InScope) }

// WrongPct is the share of all cases that got a wrong answer (in scope,
// another entry; out of scope, any), in percent.
func (c Counts) WrongPct() float64 { return pct(c.Wrong+c.OOSAnswered, c.Total()) }

// OOSAnsweredPct is the share of out-of-scope cases answered, in percent.
func (c Counts) OOSAnsweredPct() float64 { return pct(c.OOSAnswered, c.OutOfScope) }

// Gates are the shares (0-1) an evaluation must hold to pass.
type Gates struct {
	MinCorrect     float64 // of in-scope cases
	MaxWrong       float64 // of all cases
	MaxOOSAnswered float64 // of out-of-scope cases
}

// NoGates pass every evaluation.
var NoGates = Gates{MinCorrect: 0, MaxWrong: 1, MaxOOSAnswered: 1}

// Report prints the counts, by language when there are several, then one
// FAIL line per gate not held; passed is false when there is any.
func (c Counts) Report(w io.Writer, g Gates) (passed bool) {
	fmt.Fprintf(w, "\ncases: %d (%d in scope, %d out of scope)\n", c.Total(), c.InScope, c.OutOfScope)
	fmt.Fprintf(w, "in scope:     correct %d (%.1f%%)  clarified %d (%.1f%%)  wrong %d  abstained %d\n",
		c.Correct, c.CorrectPct(), c.Clarified, pct(c.Clarified, c.InScope), c.Wrong, c.Abstained)
	fmt.Fprintf(w, "out of scope: abstained %d  clarified %d  answered %d (%.1f%%)\n",
		c.OOSAbstained, c.OOSClarified, c.OOSAnswered, c.OOSAnsweredPct())
	fmt.Fprintf(w, "wrong answers: %d of all cases (%.1f%%)\n", c.Wrong+c.OOSAnswered, c.WrongPct())
	c.ByLang.report(w)
	passed = true
	if c.CorrectPct() < 100*g.MinCorrect {
		fmt.Fprintf(w, "FAIL: in-scope correct %.1f%% < %.1f%%\n", c.CorrectPct(), 100*g.MinCorrect)
		passed = false
	}
	if c.WrongPct() > 100*g.MaxWrong {
		fmt.Fprintf(w, "FAIL: wrong answers %.1f%% > %.1f%%\n", c.WrongPct(), 100*g.MaxWrong)
		passed = false
	}
	if c.OOSAnsweredPct() > 100*g.MaxOOSAnswered {
		fmt.Fprintf(w, "FAIL: out-of-scope answered %.1f%% > %.1f%%\n", c.OOSAnsweredPct(), 100*g.MaxOOSAnswered)
		passed = false
	}
	return passed
}

// WriteSummaries prints one line per evaluated file: files[i] was counted
// in all[i].
func WriteSummaries(w io.Writer, files []string, all []Counts) {
	fmt.Fprintf(w, "\n%-36s %6s %9s %10s %7s %14s %10s\n", "file", "cases", "correct", "clarified", "wrong", "oos answered", "all wrong")
	for i, c := range all {
		fmt.Fprintf(w, "%-36s %6d %8.1f%% %9.1f%% %7d %13.1f%% %9.1f%%\n", files[i], c.Total(),
			c.CorrectPct(), pct(c.Clarified, c.InScope), c.Wrong, c.OOSAnsweredPct(), c.WrongPct())
	}
}

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}
