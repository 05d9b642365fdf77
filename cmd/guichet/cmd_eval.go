package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/bot/dialogue"
	"github.com/guichet/guichet/bot/eval"
	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["eval"] = cli.Command{Summary: "measure the matcher on a labelled JSON-lines file", Run: cmdEval}
}

const synopsisEval = `guichet eval [--json|--summary] [--min-correct 0.9] [--max-wrong 0.03] [--max-oos-answered 0.05] FILE...
       guichet eval --fit [--kb-holdout 5] [--leave-entries-out 5] [--model FILE] TUNING-FILE
       guichet eval --dialogues FILE [--json] [--min-pass 0.9] [--skip-unknown]
       guichet eval --facets [--json|--summary] [--min-correct 0.9] [--max-wrong 0.03] FILE...

Run the matcher on labelled cases (JSON lines, testdata/eval/*.jsonl) and
report each FILE, then one summary line per file; the thresholds make it
exit 1. --fit fits the confidence model instead (make refit). --dialogues runs
multi-turn conversations through the engine (testdata/eval/dialogues.jsonl).
--facets reads messages labelled with the sub-question they ask (price,
delay, papers...) and counts the facet the engine reads against the label
(testdata/eval/facets.jsonl); --min-correct and --max-wrong then gate the
facets read right and the wrong facets read.`

func cmdEval(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("eval")
	asJSON := fs.Bool("json", false, "print one JSON object per case")
	summary := fs.Bool("summary", false, "print only each file's summary, not its failed cases")
	var g eval.Gates
	fs.Float64Var(&g.MinCorrect, "min-correct", 0, "exit 1 when in-scope correct is below this share (0-1)")
	fs.Float64Var(&g.MaxWrong, "max-wrong", 1, "exit 1 when wrong answers exceed this share of all cases (0-1)")
	fs.Float64Var(&g.MaxOOSAnswered, "max-oos-answered", 1, "exit 1 when out-of-scope answered exceeds this share of out-of-scope cases")
	fitf := addFitFlags(fs)
	dialogues := fs.String("dialogues", "", "run the multi-turn dialogues of this JSON-lines file instead of single cases")
	minPass := fs.Float64("min-pass", 0, "with --dialogues: exit 1 when the share of dialogues passed is below this (0-1)")
	facets := fs.Bool("facets", false, "read the facet-labelled messages of each FILE and count the facets read against the labels")
	skipUnknown := fs.Bool("skip-unknown", false, "with --dialogues: leave out the dialogues that expect entries the KB does not have (instead of refusing the file)")
	if code, ok := e.Parse(fs, e.Args, synopsisEval); !ok {
		return code
	}
	if *dialogues != "" {
		return evalDialogues(e, *cfgPath, *dialogues, *asJSON, *minPass, *skipUnknown)
	}
	if fs.NArg() == 0 {
		return e.UsageError(fs, synopsisEval, "give at least one FILE of cases")
	}
	out := eval.Failures
	switch {
	case *asJSON:
		out = eval.JSON
	case *summary:
		out = eval.Quiet
	}
	if *facets {
		return evalFacets(e, *cfgPath, fs.Args(), out, g)
	}
	if *fitf.fit && fs.NArg() != 1 {
		return e.UsageError(fs, synopsisEval, "--fit takes exactly one TUNING-FILE")
	}
	sets := make([][]eval.Case, fs.NArg())
	for i, path := range fs.Args() {
		cases, err := eval.ReadFile(path)
		if err != nil {
			return e.Failf("guichet: eval: %v", err)
		}
		sets[i] = cases
	}
	cfg, ml, ok := loadMatcher(e, *cfgPath)
	if !ok {
		return cli.ExitFail
	}
	if *fitf.fit {
		return fitModel(e, cfg, ml.Current().KB(), sets[0], fitf)
	}
	code := cli.ExitOK
	all := make([]eval.Counts, len(sets))
	for i, cases := range sets {
		if len(sets) > 1 && out != eval.JSON {
			fmt.Fprintf(e.Stdout, "\n== %s\n", fs.Arg(i))
		}
		counts, err := eval.Run(cfg.Bot, ml.Current, cases, out, e.Stdout)
		if err != nil {
			return e.Failf("guichet: eval: %s: %v", fs.Arg(i), err)
		}
		all[i] = counts
		if out != eval.JSON && !counts.Report(e.Stdout, g) {
			code = cli.ExitFail
		}
	}
	if len(sets) > 1 && out != eval.JSON {
		eval.WriteSummaries(e.Stdout, fs.Args(), all)
	}
	return code
}

// evalDialogues runs conversations through the engine (see bot/dialogue).
func evalDialogues(e *cli.Env, cfgPath, path string, asJSON bool, minPass float64, skipUnknown bool) int {
	ds, err := dialogue.ReadFile(path)
	if err != nil {
		return e.Failf("guichet: eval: %v", err)
	}
	cfg, ml, ok := loadMatcher(e, cfgPath)
	if !ok {
		return cli.ExitFail
	}
	if skipUnknown {
		var skipped int
		if ds, skipped = dialogue.KnownOnly(ds, ml.Current().KB()); skipped > 0 {
			fmt.Fprintf(e.Stderr, "guichet: eval: %d dialogues left out: they expect entries the knowledge base does not have\n", skipped)
		}
	} else if err := dialogue.CheckEntries(ds, ml.Current().KB()); err != nil {
		return e.Failf("guichet: eval: %s: %v", path, err)
	}
	eng := bot.New(cfg.Bot, bot.Deps{Matcher: ml.Current, AskFeedback: cfg.Quality.AskFeedback})
	rep, err := dialogue.Run(eng, ds, time.Now())
	if err != nil {
		return e.Failf("guichet: eval: %v", err)
	}
	if asJSON {
		enc := json.NewEncoder(e.Stdout)
		enc.SetEscapeHTML(false)
		for _, r := range rep.Results {
			enc.Encode(r)
		}
	} else {
		dialogue.WriteFailures(e.Stdout, rep)
	}
	dialogue.WriteSummary(e.Stdout, rep)
	if rep.DialogueShare() < minPass {
		fmt.Fprintf(e.Stdout, "FAIL: dialogues passed %.1f%% < %.1f%%\n", 100*rep.DialogueShare(), 100*minPass)
		return cli.ExitFail
	}
	return cli.ExitOK
}

// evalFacets measures the facets read on facet-labelled messages (see
// eval.FacetCase).
func evalFacets(e *cli.Env, cfgPath string, paths []string, out eval.Output, g eval.Gates) int {
	sets := make([][]eval.FacetCase, len(paths))
	for i, path := range paths {
		cases, err := eval.ReadFacetFile(path)
		if err != nil {
			return e.Failf("guichet: eval: %v", err)
		}
		sets[i] = cases
	}
	_, ml, ok := loadMatcher(e, cfgPath)
	if !ok {
		return cli.ExitFail
	}
	code := cli.ExitOK
	for i, cases := range sets {
		if len(sets) > 1 && out != eval.JSON {
			fmt.Fprintf(e.Stdout, "\n== %s\n", paths[i])
		}
		counts := eval.RunFacets(ml.Current(), cases, out, e.Stdout)
		if out != eval.JSON && !counts.Report(e.Stdout, g.MinCorrect, g.MaxWrong) {
			code = cli.ExitFail
		}
	}
	return code
}
