package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/kb"
)

func init() {
	commands["kb"] = cli.Command{Summary: "knowledge-base tools: check, export, pending (reviewed changes)", Run: runKB}
}

// defaultKBDir is where editors keep the KB in a source checkout.
const defaultKBDir = "kb/data"

func runKB(e *cli.Env) int {
	return e.Subcommands("kb", map[string]func(*cli.Env, []string) int{
		"check": kbCheck, "export": kbExport, "pending": cli.WithArgs(kbPending)}, kbUsage)
}

func kbUsage(w io.Writer) {
	fmt.Fprintln(w, `usage:
  guichet kb check [DIR]           validate the KB; prints file:line: id: problem, exit 1 if any
  guichet kb export --jsonl [DIR]  print one JSON line per entry (id, title, questions, keywords, answer)
  guichet kb pending check|apply   check, or merge into kb/data, the changes decided in /console/review
DIR defaults to kb/data, or to the KB built into the binary when kb/data does not exist.`)
}

// loadKB loads DIR, kb/data, or the embedded KB, and names what it loaded.
func loadKB(args []string) (*kb.KB, string, error) {
	dir := defaultKBDir
	if len(args) > 0 {
		dir = args[0]
	} else if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		k, err := kb.Load(kb.Embedded())
		return k, "embedded KB", err
	}
	k, err := kb.LoadDir(dir)
	return k, dir, err
}

const synopsisKBCheck = `guichet kb check [--unverified] [DIR]

Validate the knowledge base in DIR and its confidence model: prints one
file:line: id: problem per problem and exits 1 if there is any, else the
number of entries and the KB version. DIR defaults to kb/data, or to the
KB built into the binary when kb/data does not exist.`

func kbCheck(e *cli.Env, args []string) int {
	fl := flag.NewFlagSet("kb check", flag.ContinueOnError)
	unverified := fl.Bool("unverified", false, "also list the facts an editor must confirm before publishing (file:line: id: fact (source))")
	if code, ok := e.Parse(fl, args, synopsisKBCheck); !ok {
		return code
	}
	if fl.NArg() > 1 {
		return e.UsageError(fl, synopsisKBCheck, "at most one directory, after the flags")
	}
	k, name, err := loadKB(fl.Args())
	var probs *kb.Problems
	switch {
	case errors.As(err, &probs):
		for _, p := range probs.List {
			fmt.Fprintln(e.Stdout, p)
		}
		return e.Failf("%s: %d problem(s)", name, len(probs.List))
	case err != nil:
		fmt.Fprintln(e.Stderr, err)
		return cli.ExitFail
	}
	if *unverified {
		n := 0
		for _, en := range k.Entries() {
			for _, u := range en.Unverified {
				fmt.Fprintf(e.Stdout, "%s:%d: %s: %s (source: %s)\n", kbFile(name, en.File), u.Line, en.ID, u.Fact, u.Source)
				n++
			}
		}
		fmt.Fprintf(e.Stderr, "%s: %d fact(s) to confirm\n", name, n)
	}
	english := 0
	for _, en := range k.Entries() {
		if en.EN != nil {
			english++
		}
	}
	fmt.Fprintf(e.Stdout, "%s: %d entries (%d in English too), no problem (version %s)\n", name, len(k.Entries()), english, k.Version())
	if k.ModelIsStale() {
		fmt.Fprintf(e.Stderr, "%s: note: %s was fitted on other entries (%s, now %s): refit once they have settled (make refit, see kb/README.md)\n",
			name, kb.ModelFile, k.Model().Fitted.Entries, k.EntriesVersion())
	}
	return cli.ExitOK
}

// kbFile names an entry's file as an editor opens it.
func kbFile(dir, file string) string {
	if dir == "embedded KB" {
		return file
	}
	return filepath.Join(dir, file)
}

const synopsisKBExport = `guichet kb export --jsonl [DIR]

Print one JSON line per entry of the knowledge base in DIR (id, title,
questions, keywords, answer). DIR defaults as for kb check.`

func kbExport(e *cli.Env, args []string) int {
	fl := flag.NewFlagSet("kb export", flag.ContinueOnError)
	jsonl := fl.Bool("jsonl", false, "one JSON object per line (the only format)")
	if code, ok := e.Parse(fl, args, synopsisKBExport); !ok {
		return code
	}
	if fl.NArg() > 1 {
		return e.UsageError(fl, synopsisKBExport, "at most one directory, after the flags")
	}
	if !*jsonl {
		return e.UsageError(fl, synopsisKBExport, "choose a format: --jsonl")
	}
	k, _, err := loadKB(fl.Args())
	if err != nil {
		fmt.Fprintln(e.Stderr, err)
		return cli.ExitFail
	}
	if err := k.ExportJSONL(e.Stdout); err != nil {
		fmt.Fprintln(e.Stderr, "guichet kb export:", err)
		return cli.ExitFail
	}
	return cli.ExitOK
}
