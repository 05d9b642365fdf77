package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb/match"
)

func init() {
	commands["ask"] = command{summary: "print the bot's reply to one question (--json for details)", run: cmdAsk}
}

// askResult is the --json output of ask and of eval's cases.
type askResult struct {
	Text       string        `json:"text"`
	Expect     string        `json:"expect,omitempty"`
	Decision   string        `json:"decision"`
	ID         string        `json:"id"`
	Options    []string      `json:"options"`
	Confidence float64       `json:"confidence"`
	Candidates []candidateJS `json:"candidates,omitempty"`
	Normalized string        `json:"normalized,omitempty"`
	Replies    []string      `json:"replies,omitempty"`
	// QuickReplies are the numbered choices the replies show, in order.
	QuickReplies []quickReplyJS `json:"quick_replies,omitempty"`
	Lang         string         `json:"lang,omitempty"` // the language of the replies
}

type quickReplyJS struct {
	Title   string `json:"title"`
	Payload string `json:"payload"`
}

type candidateJS struct {
	ID         string  `json:"id"`
	Confidence float64 `json:"confidence"`
	Coverage   float64 `json:"coverage"`
	Score      float64 `json:"score"` // the search's, before the model
}

const synopsisAsk = `guichet ask [flags] QUESTION...

Print the bot's reply to QUESTION, asked as the first message of a new
conversation (the words after the flags, quoted or not). With --json,
"options" are the entries offered when the bot clarifies and
"quick_replies" every numbered choice the text shows:
  guichet ask "j'ai perdu ma carte grise"
  guichet ask --json jai perdu mon permi`

func cmdAsk(e *env) int {
	fs, cfgPath := e.flagSet("ask")
	asJSON := fs.Bool("json", false, "print the decision, entry, confidence and candidates as JSON")
	if code, ok := e.parse(fs, e.args, synopsisAsk); !ok {
		return code
	}
	question := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(question) == "" {
		return e.usageError(fs, synopsisAsk, "give the question to ask")
	}
	cfg, ok := loadConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	_, ml, ok := loadMatcher(cfg, newLogger(config.Log{Level: "warn", Format: "text"}, e.stderr), e)
	if !ok {
		return 1
	}
	res, err := decideOnce(cfg.Bot, ml, question)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: %v\n", err)
		return 1
	}
	if *asJSON {
		out, _ := json.MarshalIndent(res.result, "", "  ")
		fmt.Fprintln(e.stdout, string(out))
		return 0
	}
	printReplies(e, res.decision.Replies)
	return 0
}

type decided struct {
	decision bot.Decision
	result   askResult
}

// decideOnce runs the bot's decision on text as the first message of a
// new conversation, with no side effects.
func decideOnce(cfg config.Bot, ml *match.Live, text string) (decided, error) {
	eng := bot.New(cfg, bot.Deps{Matcher: ml.Current})
	var st bot.State
	msg := guichet.Message{ID: "ask", Conversation: guichet.NewConversationID(guichet.ChannelCLI, "ask"),
		Text: text, Time: time.Now()}
	d, err := eng.Decide(&st, msg)
	if err != nil {
		return decided{}, err
	}
	r := askResult{Text: text, Decision: d.Kind, ID: d.Entry, Options: d.Options, Confidence: d.Confidence,
		Normalized: strings.Join(d.Result.Words, " ")}
	if r.Options == nil {
		r.Options = []string{}
	}
	if d.Kind == bot.DecisionFallback || d.Kind == bot.DecisionNotice {
		r.ID = ""
	}
	for _, c := range d.Result.Candidates {
		r.Candidates = append(r.Candidates, candidateJS{ID: c.Entry, Confidence: round3(c.Confidence), Coverage: round3(c.Coverage), Score: round3(c.Score)})
	}
	r.Confidence = round3(r.Confidence)
	for _, rep := range d.Replies {
		if rep.Meta != nil && r.Lang == "" {
			r.Lang = rep.Meta.Lang
		}
		r.Replies = append(r.Replies, rep.Text)
		for _, q := range rep.QuickReplies {
			r.QuickReplies = append(r.QuickReplies, quickReplyJS{Title: q.Title, Payload: q.Payload})
		}
	}
	return decided{decision: d, result: r}, nil
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// printReplies prints replies with their quick replies as numbered choices.
func printReplies(e *env, replies []guichet.Reply) {
	for _, r := range replies {
		fmt.Fprintln(e.stdout, strings.TrimSpace(r.Text))
		for i, q := range r.QuickReplies {
			fmt.Fprintf(e.stdout, "  %d. %s\n", i+1, q.Title)
		}
	}
}
