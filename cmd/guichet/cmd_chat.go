package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/app"
)

func init() {
	commands["chat"] = command{summary: "talk to the bot in the terminal (numbers pick quick replies)", run: cmdChat}
}

// terminal prints what the bot sends to a CLI conversation.
type terminal struct{ e *env }

func (t terminal) Deliver(_ context.Context, _ guichet.ConversationID, ev guichet.Event) error {
	who := "Assistant"
	if ev.Role == guichet.RoleAgent {
		who = ev.Author
	}
	fmt.Fprintf(t.e.stdout, "\n%s : %s\n", who, strings.TrimSpace(ev.Text))
	for i, q := range ev.QuickReplies {
		fmt.Fprintf(t.e.stdout, "  %d. %s\n", i+1, q.Title)
	}
	return nil
}

func cmdChat(e *env) int {
	fs, cfgPath := e.flagSet("chat")
	if err := fs.Parse(e.args); err != nil {
		return 2
	}
	cfg, ok := loadConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	cfg.Store.RedisURL = "" // a terminal conversation is private to this process
	ctx := context.Background()
	a, err := app.New(ctx, cfg, newLogger(config.Log{Level: "warn", Format: "text"}, e.stderr), e.stderr)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: %v\n", err)
		return 1
	}
	defer a.Close()
	a.Dispatch.Register(guichet.ChannelCLI, terminal{e})
	a.StartBot(nil)
	conv := guichet.NewConversationID(guichet.ChannelCLI, dispatch.NewID())
	fmt.Fprintln(e.stdout, "Guichet : posez votre question (tapez le numéro d'une réponse proposée ; Ctrl-D pour quitter).")
	in := bufio.NewScanner(e.stdin)
	for n := 1; ; n++ {
		fmt.Fprint(e.stdout, "\nVous : ")
		if !in.Scan() {
			fmt.Fprintln(e.stdout)
			return 0
		}
		msg := guichet.Message{ID: fmt.Sprintf("cli-%d", n), Conversation: conv, Text: in.Text(), Time: time.Now()}
		if err := a.Bot.Handle(ctx, msg); err != nil {
			fmt.Fprintf(e.stderr, "guichet: %v\n", err)
		}
	}
}
