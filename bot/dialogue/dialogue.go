// Package dialogue evaluates the conversation engine on whole
// conversations: each dialogue is a series of turns, something the citizen
// types ("say") or a quick reply tapped ("choose"), with what the bot is
// expected to do (entry, facet, decision, words of the reply). Dialogues
// run through the real engine's Decide, each with a fresh state, so a
// dialogue tests the context kept from turn to turn: facets asked as
// follow-ups, slots, topic switches.
//
// The file format is JSON lines, one dialogue per line:
//
//	{"name": "vol puis prix", "turns": [
//	  {"say": "on m'a volé mon permis", "expect": {"id": "permis.vol"}},
//	  {"say": "c'est payant ?", "expect": {"id": "permis.vol", "facet": "cout"}},
//	  {"choose": "Réponse complète", "expect": {"contains": "commissariat"}}]}
package dialogue

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// Dialogue is one conversation to run.
type Dialogue struct {
	Name  string `json:"name"`
	Turns []Turn `json:"turns"`
	Line  int    `json:"-"` // line in its file
}

// Turn is one message of the citizen: Say (typed) or Choose (a quick reply
// offered by the previous turn, by its label or its 1-based number).
type Turn struct {
	Say    string  `json:"say,omitempty"`
	Choose string  `json:"choose,omitempty"`
	Expect *Expect `json:"expect,omitempty"`
}

// Expect is what the bot should do; empty fields are not checked.
type Expect struct {
	// ID is the entry acted on; "none" when no entry should be (a
	// fallback, an out-of-scope redirection, a question asked back).
	ID string `json:"id,omitempty"`
	// Facet is the facet answered (kb.FacetNames); "none" for the whole
	// answer.
	Facet string `json:"facet,omitempty"`
	// Decision is bot.DecisionAnswer, DecisionClarify...
	Decision string `json:"decision,omitempty"`
	// Contains are words the reply must hold (case, accents and
	// punctuation ignored): one string or a list.
	Contains Strings `json:"contains,omitempty"`
	// Lacks are words the reply must not hold ("gratuit" where a fee is
	// due), compared as Contains.
	Lacks Strings `json:"lacks,omitempty"`
}

// Strings is a JSON string or list of strings.
type Strings []string

// UnmarshalJSON accepts "text" or ["text", ...].
func (s *Strings) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = Strings{one}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return errors.New("contains, lacks: want a string or a list of strings")
	}
	*s = list
	return nil
}

var decisions = []string{bot.DecisionAnswer, bot.DecisionClarify, bot.DecisionHandoff, bot.DecisionFallback, bot.DecisionNotice}

// Read parses dialogues from JSON lines; name is the file name used in
// errors. Blank lines and lines starting with # are skipped. Every problem
// is reported with its line.
func Read(r io.Reader, name string) ([]Dialogue, error) {
	var out []Dialogue
	var problems []string
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		var d Dialogue
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: %v (want {\"name\": \"...\", \"turns\": [{\"say\": \"...\", \"expect\": {...}}]})", name, n, err))
			continue
		}
		d.Line = n
		for _, p := range d.check() {
			problems = append(problems, fmt.Sprintf("%s:%d: %s", name, n, p))
		}
		if first, dup := seen[d.Name]; dup && d.Name != "" {
			problems = append(problems, fmt.Sprintf("%s:%d: name %q already used on line %d", name, n, d.Name, first))
		}
		seen[d.Name] = n
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, nil
}

// ReadFile reads dialogues from a file.
func ReadFile(path string) ([]Dialogue, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path)
}

func (d Dialogue) check() []string {
	var p []string
	if strings.TrimSpace(d.Name) == "" {
		p = append(p, "name is empty")
	}
	if len(d.Turns) == 0 {
		p = append(p, "no turns")
	}
	for i, t := range d.Turns {
		at := fmt.Sprintf("turn %d: ", i+1)
		switch {
		case (t.Say == "") == (t.Choose == ""):
			p = append(p, at+"give exactly one of say and choose")
		case t.Choose != "" && i == 0:
			p = append(p, at+"choose needs quick replies offered by a previous turn")
		}
		if e := t.Expect; e != nil {
			if e.Decision != "" && !slices.Contains(decisions, e.Decision) {
				p = append(p, at+fmt.Sprintf("decision %q is not one of %s", e.Decision, strings.Join(decisions, ", ")))
			}
			if e.Facet != "" && e.Facet != "none" && !kb.ValidFacet(e.Facet) {
				p = append(p, at+fmt.Sprintf("facet %q is not one of %s (or none)", e.Facet, strings.Join(kb.FacetNames, ", ")))
			}
		}
	}
	return p
}

// CheckEntries reports the expected entries that k does not have.
func CheckEntries(ds []Dialogue, k *kb.KB) error {
	var problems []string
	for _, d := range ds {
		for i, t := range d.Turns {
			if t.Expect != nil && t.Expect.ID != "" && t.Expect.ID != "none" && k.Entry(t.Expect.ID) == nil {
				problems = append(problems, fmt.Sprintf("line %d (%s), turn %d: id %q is not an entry of the knowledge base",
					d.Line, d.Name, i+1, t.Expect.ID))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// KnownOnly returns the dialogues whose expected entries k all has, and
// how many were left out.
func KnownOnly(ds []Dialogue, k *kb.KB) ([]Dialogue, int) {
	var out []Dialogue
	for _, d := range ds {
		if CheckEntries([]Dialogue{d}, k) == nil {
			out = append(out, d)
		}
	}
	return out, len(ds) - len(out)
}

// Decider is the part of the engine a dialogue runs through.
type Decider interface {
	Decide(st *bot.State, msg guichet.Message) (bot.Decision, error)
}

// Got is what the bot did on one turn.
type Got struct {
	Decision string `json:"decision"`
	ID       string `json:"id,omitempty"`
	Facet    string `json:"facet,omitempty"`
	// Redirect is the out-of-scope entry whose redirection was given
	// (bot.Decision.Redirect): it meets an expected id of that entry.
	Redirect string   `json:"redirect,omitempty"`
	Text     string   `json:"text"`
	Replies  []string `json:"quick_replies,omitempty"`
}

// Result is one turn's outcome.
type Result struct {
	Dialogue string  `json:"dialogue"`
	Turn     int     `json:"turn"` // 1-based
	Said     string  `json:"said"`
	Expect   *Expect `json:"expect,omitempty"`
	Got      Got     `json:"got"`
	Pass     bool    `json:"pass"`
	Why      string  `json:"why,omitempty"`
}

// Report sums up a run.
type Report struct {
	Dialogues, DialoguesPassed int
	Turns, TurnsPassed         int
	// EntryTurns are the turns that expect an entry (or none), and
	// EntriesRight those whose entry is right, facet, decision and words
	// aside: what a failed turn failed on.
	EntryTurns, EntriesRight int
	Results                  []Result
}

// DialogueShare and TurnShare are the shares passed, in [0, 1].
func (r Report) DialogueShare() float64 { return share(r.DialoguesPassed, r.Dialogues) }
func (r Report) TurnShare() float64     { return share(r.TurnsPassed, r.Turns) }

func share(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// Run runs each dialogue with a fresh state; the turns of a dialogue are a
// minute apart from start.
func Run(eng Decider, ds []Dialogue, start time.Time) (Report, error) {
	var rep Report
	for i, d := range ds {
		st := &bot.State{}
		conv := guichet.NewConversationID(guichet.ChannelCLI, "dialogue-"+strconv.Itoa(i+1))
		var offered []guichet.QuickReply
		passed := true
		for j, t := range d.Turns {
			res := Result{Dialogue: d.Name, Turn: j + 1, Said: t.Say, Expect: t.Expect, Pass: true}
			msg := guichet.Message{ID: fmt.Sprintf("d%d-t%d", i+1, j+1), Conversation: conv, Text: t.Say,
				Time: start.Add(time.Duration(j) * time.Minute)}
			if t.Choose != "" {
				res.Said = "[" + t.Choose + "]"
				if q, ok := pick(offered, t.Choose); ok {
					msg.Text, msg.Payload = q.Title, q.Payload
					res.Said = "[" + q.Title + "]"
				} else {
					// Typed instead, as a person would when the button is not there.
					msg.Text = t.Choose
					res.Pass, res.Why = false, fmt.Sprintf("no quick reply %q offered (offered: %s)", t.Choose, titles(offered))
				}
			}
			dec, err := eng.Decide(st, msg)
			if err != nil {
				return rep, fmt.Errorf("dialogue %q, turn %d: %w", d.Name, j+1, err)
			}
			res.Got = got(dec)
			offered = nil
			for _, r := range dec.Replies {
				offered = append(offered, r.QuickReplies...)
			}
			for _, q := range offered {
				res.Got.Replies = append(res.Got.Replies, q.Title)
			}
			if why := res.Expect.check(res.Got); why != "" && res.Pass {
				res.Pass, res.Why = false, why
			}
			rep.Turns++
			if res.Expect != nil && res.Expect.ID != "" {
				rep.EntryTurns++
				if (&Expect{ID: res.Expect.ID}).check(res.Got) == "" {
					rep.EntriesRight++
				}
			}
			if res.Pass {
				rep.TurnsPassed++
			} else {
				passed = false
			}
			rep.Results = append(rep.Results, res)
		}
		rep.Dialogues++
		if passed {
			rep.DialoguesPassed++
		}
	}
	return rep, nil
}

func got(d bot.Decision) Got {
	g := Got{Decision: d.Kind, ID: d.Entry, Facet: d.Facet, Redirect: d.Redirect}
	if d.Kind == bot.DecisionFallback || d.Kind == bot.DecisionNotice {
		g.ID = ""
	}
	var texts []string
	for _, r := range d.Replies {
		texts = append(texts, r.Text)
	}
	g.Text = strings.Join(texts, "\n")
	return g
}

// pick finds the offered quick reply a turn chooses: by its 1-based
// number, by its label (case, accents and punctuation ignored), else by
// the only label that holds the words.
func pick(offered []guichet.QuickReply, choose string) (guichet.QuickReply, bool) {
	if n, err := strconv.Atoi(strings.TrimSpace(choose)); err == nil {
		if n >= 1 && n <= len(offered) {
			return offered[n-1], true
		}
		return guichet.QuickReply{}, false
	}
	want := match.Canonical(choose)
	var partial []guichet.QuickReply
	for _, q := range offered {
		label := match.Canonical(q.Title)
		if label == want {
			return q, true
		}
		if want != "" && strings.Contains(label, want) {
			partial = append(partial, q)
		}
	}
	if len(partial) == 1 {
		return partial[0], true
	}
	return guichet.QuickReply{}, false
}

func titles(qs []guichet.QuickReply) string {
	var t []string
	for _, q := range qs {
		t = append(t, q.Title)
	}
	return strings.Join(t, " | ")
}

// check returns why g does not meet e, or "".
func (e *Expect) check(g Got) string {
	if e == nil {
		return ""
	}
	var why []string
	switch {
	case e.ID == "":
	case e.ID == "none":
		if g.ID != "" {
			why = append(why, fmt.Sprintf("id %s, want none", g.ID))
		}
	case e.ID != g.ID && e.ID != g.Redirect:
		why = append(why, fmt.Sprintf("id %s, want %s", orNone(g.ID), e.ID))
	}
	switch {
	case e.Facet == "":
	case e.Facet == "none":
		if g.Facet != "" {
			why = append(why, fmt.Sprintf("facet %s, want none", g.Facet))
		}
	case e.Facet != g.Facet:
		why = append(why, fmt.Sprintf("facet %s, want %s", orNone(g.Facet), e.Facet))
	}
	if e.Decision != "" && e.Decision != g.Decision {
		why = append(why, fmt.Sprintf("decision %s, want %s", g.Decision, e.Decision))
	}
	text := match.Canonical(g.Text)
	for _, c := range e.Contains {
		if !strings.Contains(text, match.Canonical(c)) {
			why = append(why, fmt.Sprintf("reply lacks %q", c))
		}
	}
	for _, c := range e.Lacks {
		if strings.Contains(text, match.Canonical(c)) {
			why = append(why, fmt.Sprintf("reply holds %q", c))
		}
	}
	return strings.Join(why, "; ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// WriteFailures prints each failed turn: dialogue, turn, what was said,
// what the bot did and why it fails.
func WriteFailures(w io.Writer, rep Report) {
	for _, r := range rep.Results {
		if r.Pass {
			continue
		}
		fmt.Fprintf(w, "FAIL %q turn %d: said %q\n     got %s %s%s: %s\n     %s\n", r.Dialogue, r.Turn, r.Said,
			r.Got.Decision, orNone(r.Got.ID), facetSuffix(r.Got.Facet), shorten(r.Got.Text, 120), r.Why)
	}
}

func facetSuffix(f string) string {
	if f == "" {
		return ""
	}
	return " (" + f + ")"
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// WriteSummary prints the shares of dialogues and turns passed.
func WriteSummary(w io.Writer, rep Report) {
	fmt.Fprintf(w, "\ndialogues: %d, passed %d (%.1f%%)\n", rep.Dialogues, rep.DialoguesPassed, 100*rep.DialogueShare())
	fmt.Fprintf(w, "turns:     %d, passed %d (%.1f%%)\n", rep.Turns, rep.TurnsPassed, 100*rep.TurnShare())
	if rep.EntryTurns > 0 {
		fmt.Fprintf(w, "entries:   %d turns expect one, right %d (%.1f%%; facet, decision and words aside)\n",
			rep.EntryTurns, rep.EntriesRight, 100*share(rep.EntriesRight, rep.EntryTurns))
	}
}
