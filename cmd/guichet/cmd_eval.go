package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/bot/dialogue"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb/match"
)

func init() {
	commands["eval"] = command{summary: "measure the matcher on a labelled JSON-lines file", run: cmdEval}
}

type evalCase struct {
	Text   string `json:"text"`
	Expect string `json:"expect"`
	line   int
}

// evalCounts is the summary of an evaluation.
type evalCounts struct {
	InScope, Correct, Clarified, Wrong, Abstained       int
	OutOfScope, OOSAbstained, OOSClarified, OOSAnswered int
	// ByLang splits the counts by the language of the message.
	ByLang langCounts
}

const synopsisEval = `guichet eval [--json|--summary] [--min-correct 0.9] [--max-wrong 0.03] [--max-oos-answered 0.05] FILE...
       guichet eval --fit [--kb-holdout 5] [--leave-entries-out 5] [--model FILE] TUNING-FILE
       guichet eval --dialogues FILE [--json] [--min-pass 0.9] [--skip-unknown]

Run the matcher on labelled cases (JSON lines, testdata/eval/*.jsonl) and
report each FILE, then one summary line per file; the thresholds make it
exit 1. --fit fits the confidence model instead (make refit). --dialogues runs
multi-turn conversations through the engine (testdata/eval/dialogues.jsonl).`

func cmdEval(e *env) int {
	fs, cfgPath := e.flagSet("eval")
	asJSON := fs.Bool("json", false, "print one JSON object per case")
	summary := fs.Bool("summary", false, "print only each file's summary, not its failed cases")
	minCorrect := fs.Float64("min-correct", 0, "exit 1 when in-scope correct is below this share (0-1)")
	maxWrong := fs.Float64("max-wrong", 1, "exit 1 when wrong answers exceed this share of all cases (0-1)")
	maxOOS := fs.Float64("max-oos-answered", 1, "exit 1 when out-of-scope answered exceeds this share of out-of-scope cases")
	fitf := addFitFlags(fs)
	dialogues := fs.String("dialogues", "", "run the multi-turn dialogues of this JSON-lines file instead of single cases")
	minPass := fs.Float64("min-pass", 0, "with --dialogues: exit 1 when the share of dialogues passed is below this (0-1)")
	skipUnknown := fs.Bool("skip-unknown", false, "with --dialogues: leave out the dialogues that expect entries the KB does not have (instead of refusing the file)")
	if code, ok := e.parse(fs, e.args, synopsisEval); !ok {
		return code
	}
	if *dialogues != "" {
		return evalDialogues(e, *cfgPath, *dialogues, *asJSON, *minPass, *skipUnknown)
	}
	if fs.NArg() == 0 {
		return e.usageError(fs, synopsisEval, "give at least one FILE of cases")
	}
	if *fitf.fit && fs.NArg() != 1 {
		return e.usageError(fs, synopsisEval, "--fit takes exactly one TUNING-FILE")
	}
	sets := make([][]evalCase, fs.NArg())
	for i, path := range fs.Args() {
		cases, err := readCases(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "guichet: eval: %v\n", err)
			return 1
		}
		sets[i] = cases
	}
	cfg, ok := loadConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	_, ml, ok := loadMatcher(cfg, newLogger(config.Log{Level: "warn", Format: "text"}, e.stderr), e)
	if !ok {
		return 1
	}
	if *fitf.fit {
		return fitModel(e, cfg, ml, sets[0], fitf)
	}
	code := 0
	all := make([]evalCounts, len(sets))
	for i, cases := range sets {
		if len(sets) > 1 && !*asJSON {
			fmt.Fprintf(e.stdout, "\n== %s\n", fs.Arg(i))
		}
		counts, err := evaluate(e, cfg.Bot, ml, cases, *asJSON, *summary)
		if err != nil {
			fmt.Fprintf(e.stderr, "guichet: eval: %s: %v\n", fs.Arg(i), err)
			return 1
		}
		all[i] = counts
		if !*asJSON {
			code = max(code, counts.report(e.stdout, *minCorrect, *maxWrong, *maxOOS))
		}
	}
	if len(sets) > 1 && !*asJSON {
		writeSummaries(e.stdout, fs.Args(), all)
	}
	return code
}

// writeSummaries prints one line per evaluated file.
func writeSummaries(w io.Writer, files []string, all []evalCounts) {
	fmt.Fprintf(w, "\n%-36s %6s %9s %10s %7s %14s %10s\n", "file", "cases", "correct", "clarified", "wrong", "oos answered", "all wrong")
	for i, c := range all {
		fmt.Fprintf(w, "%-36s %6d %8.1f%% %9.1f%% %7d %13.1f%% %9.1f%%\n", files[i], c.InScope+c.OutOfScope,
			pct(c.Correct, c.InScope), pct(c.Clarified, c.InScope), c.Wrong, pct(c.OOSAnswered, c.OutOfScope),
			pct(c.Wrong+c.OOSAnswered, c.InScope+c.OutOfScope))
	}
}

// evalDialogues runs conversations through the engine (see bot/dialogue).
func evalDialogues(e *env, cfgPath, path string, asJSON bool, minPass float64, skipUnknown bool) int {
	ds, err := dialogue.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: eval: %v\n", err)
		return 1
	}
	cfg, ok := loadConfig(cfgPath, e)
	if !ok {
		return 1
	}
	_, ml, ok := loadMatcher(cfg, newLogger(config.Log{Level: "warn", Format: "text"}, e.stderr), e)
	if !ok {
		return 1
	}
	if skipUnknown {
		var skipped int
		if ds, skipped = dialogue.KnownOnly(ds, ml.Current().KB()); skipped > 0 {
			fmt.Fprintf(e.stderr, "guichet: eval: %d dialogues left out: they expect entries the knowledge base does not have\n", skipped)
		}
	} else if err := dialogue.CheckEntries(ds, ml.Current().KB()); err != nil {
		fmt.Fprintf(e.stderr, "guichet: eval: %s: %v\n", path, err)
		return 1
	}
	eng := bot.New(cfg.Bot, bot.Deps{Matcher: ml.Current, AskFeedback: cfg.Quality.AskFeedback})
	rep, err := dialogue.Run(eng, ds, time.Now())
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: eval: %v\n", err)
		return 1
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, r := range rep.Results {
			enc.Encode(r)
		}
	} else {
		dialogue.WriteFailures(e.stdout, rep)
	}
	dialogue.WriteSummary(e.stdout, rep)
	if rep.DialogueShare() < minPass {
		fmt.Fprintf(e.stdout, "FAIL: dialogues passed %.1f%% < %.1f%%\n", 100*rep.DialogueShare(), 100*minPass)
		return 1
	}
	return 0
}

func readCases(path string) ([]evalCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var c evalCase
		dec := json.NewDecoder(bytesReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s:%d: %v (want {\"text\": \"...\", \"expect\": \"entry id or none\"})", path, n, err)
		}
		if c.Expect == "" {
			return nil, fmt.Errorf("%s:%d: expect is empty (an entry id, or none)", path, n)
		}
		c.line = n
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

func evaluate(e *env, cfg config.Bot, ml *match.Live, cases []evalCase, asJSON, quiet bool) (evalCounts, error) {
	c := evalCounts{ByLang: langCounts{}}
	var languages caseLanguage
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for _, tc := range cases {
		if tc.Expect != "none" && ml.Current().KB().Entry(tc.Expect) == nil {
			return c, fmt.Errorf("line %d: expect %q is not an entry of the knowledge base", tc.line, tc.Expect)
		}
		res, err := decideOnce(cfg, ml, tc.Text)
		if err != nil {
			return c, err
		}
		res.result.Expect = tc.Expect
		if asJSON {
			r := res.result
			r.Candidates, r.Normalized, r.Replies = nil, "", nil
			enc.Encode(r)
		}
		c.ByLang.add(languages.of(ml.Current().KB(), tc.Text), tc.Expect, res.result)
		if failed := c.add(tc.Expect, res.result); failed != "" && !asJSON && !quiet {
			fmt.Fprintf(e.stdout, "%-9s %q expect %s, got %s %s %v (%.2f)\n", failed, tc.Text, tc.Expect,
				res.result.Decision, res.result.ID, res.result.Options, res.result.Confidence)
		}
	}
	return c, nil
}

// add counts one case and returns a label when it is worth printing.
func (c *evalCounts) add(expect string, r askResult) string {
	acted := r.Decision == bot.DecisionAnswer || r.Decision == bot.DecisionHandoff
	if expect == "none" {
		c.OutOfScope++
		switch {
		case acted && r.ID != "":
			c.OOSAnswered++
			return "OOS-ANS"
		case r.Decision == bot.DecisionClarify:
			c.OOSClarified++
		default:
			c.OOSAbstained++
		}
		return ""
	}
	c.InScope++
	switch {
	case r.ID == expect && (acted || r.Decision == bot.DecisionClarify):
		// A clarify with an entry is a decision tree's root, answered.
		c.Correct++
	case acted && r.ID != "":
		c.Wrong++
		return "WRONG"
	case r.Decision == bot.DecisionClarify && slices.Contains(r.Options, expect):
		c.Clarified++
		return "clarified"
	default:
		c.Abstained++
		return "abstained"
	}
	return ""
}

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

func (c evalCounts) report(w io.Writer, minCorrect, maxWrong, maxOOS float64) int {
	total := c.InScope + c.OutOfScope
	fmt.Fprintf(w, "\ncases: %d (%d in scope, %d out of scope)\n", total, c.InScope, c.OutOfScope)
	fmt.Fprintf(w, "in scope:     correct %d (%.1f%%)  clarified %d (%.1f%%)  wrong %d  abstained %d\n",
		c.Correct, pct(c.Correct, c.InScope), c.Clarified, pct(c.Clarified, c.InScope), c.Wrong, c.Abstained)
	fmt.Fprintf(w, "out of scope: abstained %d  clarified %d  answered %d (%.1f%%)\n",
		c.OOSAbstained, c.OOSClarified, c.OOSAnswered, pct(c.OOSAnswered, c.OutOfScope))
	fmt.Fprintf(w, "wrong answers: %d of all cases (%.1f%%)\n", c.Wrong+c.OOSAnswered, pct(c.Wrong+c.OOSAnswered, total))
	c.ByLang.report(w)
	code := 0
	if pct(c.Correct, c.InScope) < 100*minCorrect {
		fmt.Fprintf(w, "FAIL: in-scope correct %.1f%% < %.1f%%\n", pct(c.Correct, c.InScope), 100*minCorrect)
		code = 1
	}
	if pct(c.Wrong+c.OOSAnswered, total) > 100*maxWrong {
		fmt.Fprintf(w, "FAIL: wrong answers %.1f%% > %.1f%%\n", pct(c.Wrong+c.OOSAnswered, total), 100*maxWrong)
		code = 1
	}
	if pct(c.OOSAnswered, c.OutOfScope) > 100*maxOOS {
		fmt.Fprintf(w, "FAIL: out-of-scope answered %.1f%% > %.1f%%\n", pct(c.OOSAnswered, c.OutOfScope), 100*maxOOS)
		code = 1
	}
	return code
}
