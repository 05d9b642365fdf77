package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["privacy"] = cli.Command{Summary: "personal data: forget one conversation everywhere", Run: runPrivacy}
}

func runPrivacy(e *cli.Env) int {
	return e.Subcommands("privacy", map[string]func(*cli.Env, []string) int{"forget": privacyForget}, privacyUsage)
}

func privacyUsage(w io.Writer) {
	fmt.Fprintln(w, `usage:
  guichet privacy forget CONVERSATION_ID [--config FILE]
      delete one person's data everywhere Guichet keeps it, and say what was removed:
      the transcript and the bot's state, the hand-off tickets (open or closed), the
      quality facts (satisfaction, incident reports, unanswered questions) and, for
      Messenger, the messaging-window record and any event still queued.
      CONVERSATION_ID is channel:subject, as the console shows it (web:3f9a…,
      messenger:2000000000000001). It works on store.redis_url: with the in-memory
      store, data lives only inside the serve process and ends with it.
      Running it again is harmless: it then removes nothing.`)
}

func privacyForget(e *cli.Env, args []string) int {
	fs, cfgPath := e.FlagSet("privacy forget")
	synopsis := groupSynopsis(privacyUsage)
	pos, code, ok := e.ParseInterspersed(fs, args, synopsis)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return e.UsageError(fs, synopsis, "give exactly one CONVERSATION_ID (channel:subject)")
	}
	conv, err := guichet.ParseConversationID(pos[0])
	if err != nil {
		e.Failf("guichet privacy forget: %q is not a conversation id: %v", pos[0], err)
		return cli.ExitUsage
	}
	cfg, err := config.Load(*cfgPath, e.Getenv) // not validated: see app.Forget
	if err != nil {
		return e.Failf("guichet privacy forget: configuration: %v", err)
	}
	report, err := app.Forget(e.Ctx, cfg, conv)
	if len(report) > 0 {
		fmt.Fprintf(e.Stdout, "%s: %s\n", conv, strings.Join(report, "; "))
	}
	if err != nil {
		return e.Failf("guichet privacy forget: %v", err)
	}
	return cli.ExitOK
}
