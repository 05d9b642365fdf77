package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/internal/cliflag"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/review"
)

// kbPending runs 'guichet kb pending check|apply': the KB changes the
// console's unanswered-question review proposed (see package review).
func kbPending(e *cli.Env) int {
	return e.Subcommands("kb pending", map[string]func(*cli.Env, []string) int{
		"check": func(e *cli.Env, args []string) int { return kbPendingRun(e, "check", args, review.Check) },
		"apply": func(e *cli.Env, args []string) int { return kbPendingRun(e, "apply", args, review.Apply) },
	}, kbPendingUsage)
}

func kbPendingUsage(w io.Writer) {
	fmt.Fprintln(w, `usage:
  guichet kb pending check [--file FILE] [--kb DIR]   validate the pending changes against the KB
  guichet kb pending apply [--file FILE] [--kb DIR]   add them to the KB files, if the result passes 'kb check'
FILE defaults to kb.pending_file (kb/pending.yaml), DIR to kb.dir, else kb/data.
Problems print as file:line: id: problem; the exit status is 1 when there is any.`)
}

var pendingAbout = map[string]string{
	"check": "Validate the changes decided in /console/review against the KB.",
	"apply": "Add the changes decided in /console/review to the KB files, if the result passes 'kb check'.",
}

// kbPendingRun parses the flags, runs check or apply, and prints the
// outcome.
func kbPendingRun(e *cli.Env, name string, args []string, fn func(pending, kbDir string) (review.Summary, error)) int {
	fl := flag.NewFlagSet("kb pending "+name, flag.ContinueOnError)
	cfgPath := cliflag.Config(fl, e.Getenv)
	file := fl.String("file", "", "pending-changes `FILE` (default: kb.pending_file)")
	dir := fl.String("kb", "", "KB `DIR`ectory (default: kb.dir, else kb/data)")
	synopsis := "guichet kb pending " + name + " [flags]\n\n" + pendingAbout[name]
	if code, ok := e.Parse(fl, args, synopsis); !ok {
		return code
	}
	if fl.NArg() > 0 {
		return e.UsageError(fl, synopsis, "unexpected argument %q (use --file and --kb)", fl.Arg(0))
	}
	if *file == "" || *dir == "" {
		cfg, err := config.Load(*cfgPath, e.Getenv)
		if err != nil {
			fmt.Fprintln(e.Stderr, "guichet kb pending: configuration:", err)
			return cli.ExitFail
		}
		*file = cmp.Or(*file, cfg.KB.PendingFile, "kb/pending.yaml")
		*dir = cmp.Or(*dir, cfg.KB.Dir, defaultKBDir)
	}
	sum, err := fn(*file, *dir)
	var probs *kb.Problems
	switch {
	case errors.As(err, &probs):
		for _, p := range probs.List {
			fmt.Fprintln(e.Stdout, p)
		}
		return e.Failf("%s: %d problem(s): nothing was written", *file, len(probs.List))
	case err != nil:
		fmt.Fprintln(e.Stderr, "guichet kb pending "+name+":", err)
		return cli.ExitFail
	}
	printPendingSummary(e, name, *file, *dir, sum)
	return cli.ExitOK
}

func printPendingSummary(e *cli.Env, name, file, dir string, sum review.Summary) {
	if sum.Applied == 0 {
		fmt.Fprintf(e.Stdout, "%s: no paraphrase to add (%d ignore decision(s))\n", file, sum.Ignored)
		return
	}
	ids := make([]string, 0, len(sum.Entries))
	for id := range sum.Entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var per []string
	for _, id := range ids {
		per = append(per, fmt.Sprintf("%s +%d", id, sum.Entries[id]))
	}
	files := make([]string, len(sum.Files))
	for i, f := range sum.Files {
		files[i] = dir + "/" + f
	}
	if name == "check" {
		fmt.Fprintf(e.Stdout, "%s: %d change(s) add %d paraphrase(s) (%s) to %s; the KB passes the checker with them; %d ignore decision(s)\n",
			file, sum.Applied, sum.Questions, strings.Join(per, ", "), strings.Join(files, ", "), sum.Ignored)
		return
	}
	fmt.Fprintf(e.Stdout, "added %d paraphrase(s) (%s) to %s\n", sum.Questions, strings.Join(per, ", "), strings.Join(files, ", "))
	fmt.Fprintf(e.Stdout, "%s keeps %d ignore decision(s). Run 'guichet eval' to see how the matcher takes the new paraphrases.\n", file, sum.Ignored)
}
