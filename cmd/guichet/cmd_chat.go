package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["chat"] = cli.Command{Summary: "talk to the bot in the terminal (numbers pick quick replies)", Run: cmdChat}
}

// terminal prints what the bot sends to a CLI conversation, and keeps
// the numbered choices it showed last.
type terminal struct {
	e *cli.Env

	mu      sync.Mutex
	choices []guichet.QuickReply
}

func (t *terminal) Deliver(_ context.Context, _ guichet.ConversationID, ev guichet.Event) error {
	who := "Assistant"
	if ev.Role == guichet.RoleAgent {
		who = ev.Author
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.e.Stdout, "\n%s : %s\n", who, strings.TrimSpace(ev.Text))
	for i, q := range ev.QuickReplies {
		fmt.Fprintf(t.e.Stdout, "  %d. %s\n", i+1, q.Title)
	}
	// A notice without choices (queue position...) leaves the last ones.
	if len(ev.QuickReplies) > 0 || ev.Role != guichet.RoleSystem {
		t.choices = ev.QuickReplies
	}
	return nil
}

// choice turns a typed choice number into the button it names, as a tap
// in the widget would send it. A number that names no choice gets a
// sentence for the person (and nothing is sent); any other text is sent
// as typed. Only short numbers are choices: a long one is a request
// number.
func (t *terminal) choice(m guichet.Message) (guichet.Message, string) {
	text := strings.TrimSpace(m.Text)
	n, err := strconv.Atoi(text)
	if err != nil || len(text) > 2 || strings.HasPrefix(text, "+") || strings.HasPrefix(text, "-") {
		return m, ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case n >= 1 && n <= len(t.choices):
		q := t.choices[n-1]
		m.Text, m.Payload = q.Title, q.Payload
		return m, ""
	case len(t.choices) == 0:
		return m, ""
	case len(t.choices) == 1:
		return m, fmt.Sprintf("Il n'y a pas de choix %d : tapez 1, ou écrivez votre question.", n)
	}
	return m, fmt.Sprintf("Il n'y a pas de choix %d : tapez un numéro de 1 à %d, ou écrivez votre question.", n, len(t.choices))
}

const synopsisChat = `guichet chat [flags]

Talk to the bot in the terminal, as a citizen would: type a question, or
the number of one of the proposed answers; Ctrl-D quits. The conversation
stays in this process (store.redis_url is not used).`

func cmdChat(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("chat")
	if code, ok := e.Parse(fs, e.Args, synopsisChat); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.UsageError(fs, synopsisChat, "unexpected argument %q: type the questions once the conversation has started", fs.Arg(0))
	}
	cfg, ok := e.LoadConfig(*cfgPath)
	if !ok {
		return cli.ExitFail
	}
	cfg.Store.RedisURL = "" // a terminal conversation is private to this process
	ctx := context.Background()
	a, err := app.New(ctx, cfg, app.NewLogger(config.Log{Level: "warn", Format: "text"}, e.Stderr), e.Stderr)
	if err != nil {
		return e.Failf("guichet: %v", err)
	}
	defer a.Close()
	term := &terminal{e: e}
	a.Dispatch.Register(guichet.ChannelCLI, term)
	a.StartBot(nil)
	conv := guichet.NewConversationID(guichet.ChannelCLI, dispatch.NewID())
	fmt.Fprintln(e.Stdout, "Guichet : posez votre question (tapez le numéro d'une réponse proposée ; Ctrl-D pour quitter).")
	in := bufio.NewScanner(e.Stdin)
	for n := 1; ; n++ {
		fmt.Fprint(e.Stdout, "\nVous : ")
		if !in.Scan() {
			fmt.Fprintln(e.Stdout)
			return cli.ExitOK
		}
		msg, problem := term.choice(guichet.Message{ID: fmt.Sprintf("cli-%d", n), Conversation: conv, Text: in.Text(), Time: time.Now()})
		if problem != "" {
			fmt.Fprintf(e.Stdout, "\nGuichet : %s\n", problem)
			continue
		}
		if err := a.Bot.Handle(ctx, msg); err != nil {
			fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
		}
	}
}
