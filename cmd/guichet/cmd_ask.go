package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot/eval"
	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["ask"] = cli.Command{Summary: "print the bot's reply to one question (--json for details)", Run: cmdAsk}
}

const synopsisAsk = `guichet ask [flags] QUESTION...

Print the bot's reply to QUESTION, asked as the first message of a new
conversation (the words after the flags, quoted or not). With --json,
"options" are the entries offered when the bot clarifies and
"quick_replies" every numbered choice the text shows:
  guichet ask "j'ai perdu ma carte grise"
  guichet ask --json jai perdu mon permi`

func cmdAsk(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("ask")
	asJSON := fs.Bool("json", false, "print the decision, entry, confidence and candidates as JSON")
	if code, ok := e.Parse(fs, e.Args, synopsisAsk); !ok {
		return code
	}
	question := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(question) == "" {
		return e.UsageError(fs, synopsisAsk, "give the question to ask")
	}
	cfg, ml, ok := loadMatcher(e, *cfgPath)
	if !ok {
		return cli.ExitFail
	}
	d, res, err := eval.Ask(cfg.Bot, ml.Current, question)
	if err != nil {
		return e.Failf("guichet: %v", err)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(e.Stdout, string(out))
		return cli.ExitOK
	}
	printReplies(e, d.Replies)
	return cli.ExitOK
}

// printReplies prints replies with their quick replies as numbered choices.
func printReplies(e *cli.Env, replies []guichet.Reply) {
	for _, r := range replies {
		fmt.Fprintln(e.Stdout, strings.TrimSpace(r.Text))
		for i, q := range r.QuickReplies {
			fmt.Fprintf(e.Stdout, "  %d. %s\n", i+1, q.Title)
		}
	}
}
