package console

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/review"
)

// reviewPage is what review.html needs.
type reviewPage struct {
	Agent       Account
	CSRF        string
	Page        string // the current page, for the header's navigation
	Forbidden   bool
	Error       string
	Notice      string
	Days        int
	Tabs        []reviewTab
	Groups      []groupView
	Pending     int
	PendingFile string

	sess session
	done url.Values // the redirect's report of the last decision
}

type reviewTab struct {
	Days    int
	Label   string
	Current bool
}

// groupView is one group as the page shows it.
type groupView struct {
	ID, Title, Meta string
	Examples        []exampleView
	More            int // distinct texts not shown
	Candidates      []review.Candidate
	Entries         []optGroup // in-scope entries, by prefix
	OutOfScope      []option   // hors-champ entries
}

type exampleView struct {
	InputID, Text string
	Count         int
}

type optGroup struct {
	Label   string
	Options []option
}

type option struct {
	Value, Label string
	Selected     bool
}

// fill builds the page from the overview.
func (p *reviewPage) fill(ov review.Overview, days int, loc *time.Location) {
	p.Days, p.Pending, p.PendingFile = days, ov.Pending, ov.PendingFile
	for _, d := range reviewWindows {
		p.Tabs = append(p.Tabs, reviewTab{Days: d, Label: fmt.Sprintf("%d derniers jours", d), Current: d == days})
	}
	titles := map[string]string{}
	for _, e := range ov.Entries {
		titles[e.ID] = e.Title
	}
	for _, g := range ov.Groups {
		p.Groups = append(p.Groups, newGroupView(g, ov.Entries, loc))
	}
	if p.done != nil && p.Error == "" {
		p.Notice = doneNotice(p.done, titles)
	}
}

func newGroupView(g review.Group, entries []review.EntrySummary, loc *time.Location) groupView {
	v := groupView{ID: g.ID, Candidates: g.Candidates, More: g.Distinct - len(g.Examples)}
	if len(g.Examples) > 0 {
		v.Title = g.Examples[0].Text
	}
	v.Meta = fmt.Sprintf("%s · %s", plural(g.Size, "message", "messages"), seenRange(g.FirstSeen, g.LastSeen, loc))
	for i, e := range g.Examples {
		v.Examples = append(v.Examples, exampleView{InputID: fmt.Sprintf("t-%s-%d", g.ID, i), Text: e.Text, Count: e.Count})
	}
	// The entries the bot proposed most often, in scope and out of it,
	// are preselected: usually the question should have reached one.
	scope := map[string]bool{}
	for _, e := range entries {
		scope[e.ID] = !e.OutOfScope
	}
	topIn, topOut := "", ""
	for _, c := range g.Candidates {
		in, known := scope[c.Entry]
		switch {
		case known && in && topIn == "":
			topIn = c.Entry
		case known && !in && topOut == "":
			topOut = c.Entry
		}
	}
	for _, e := range entries {
		o := option{Value: e.ID, Label: e.Title + " (" + e.ID + ")", Selected: e.ID == topIn || e.ID == topOut}
		if e.OutOfScope {
			v.OutOfScope = append(v.OutOfScope, o)
			continue
		}
		prefix, _, _ := strings.Cut(e.ID, ".")
		if n := len(v.Entries); n == 0 || v.Entries[n-1].Label != prefix {
			v.Entries = append(v.Entries, optGroup{Label: prefix})
		}
		last := &v.Entries[len(v.Entries)-1]
		last.Options = append(last.Options, o)
	}
	return v
}

// seenRange says when a group's messages were written, in the zone of
// the opening hours.
func seenRange(first, last time.Time, loc *time.Location) string {
	f, l := first.In(loc).Format("02/01/2006"), last.In(loc).Format("02/01/2006")
	if f == l {
		return "le " + f
	}
	return "du " + f + " au " + l
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// doneNotice says what the last decision did.
func doneNotice(q url.Values, titles map[string]string) string {
	n, _ := strconv.Atoi(q.Get("n"))
	texts := plural(n, "formulation", "formulations")
	classed := "classées"
	if n == 1 {
		classed = "classée"
	}
	entry := q.Get("entry")
	name := "« " + titles[entry] + " » (" + entry + ")"
	switch q.Get("done") {
	case "add":
		return fmt.Sprintf("%s à ajouter à %s : décision enregistrée, en attente d'application.", texts, name)
	case "outofscope":
		return fmt.Sprintf("%s %s hors sujet, à ajouter à %s : décision enregistrée, en attente d'application.", texts, classed, name)
	case "ignore":
		if n == 1 {
			return "1 formulation classée hors sujet et écartée : elle ne sera plus proposée."
		}
		return fmt.Sprintf("%s classées hors sujet et écartées : elles ne seront plus proposées.", texts)
	}
	return ""
}
