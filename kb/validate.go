package kb

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet/fold"
)

// validate checks what the parser could not see field by field: required
// fields and limits, then references, duplicates and cycles across files.
func validate(p *parser) {
	if len(p.entries) == 0 && len(p.r.list) == 0 {
		p.r.add(".", 0, "", "no entries: the KB directory has no .yaml file with entries")
	}
	ids := map[string]*parsed{}
	for _, pe := range p.entries {
		checkEntry(p.r, pe)
		id := pe.e.ID
		if first, dup := ids[id]; dup && id != "" {
			p.r.add(pe.e.File, pe.line("id"), id, "duplicate id (first defined at %s:%d)", first.e.File, first.e.Line)
			continue
		}
		ids[id] = pe
	}
	for _, pe := range p.entries {
		checkRefs(p.r, pe, ids)
	}
	checkParaphrases(p.r, p.entries)
	checkCycles(p.r, p.entries)
	checkTranslations(p.r, p, ids)
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$`)

func checkEntry(r *report, pe *parsed) {
	e := pe.e
	for _, f := range []struct {
		name  string
		empty bool
	}{{"id", e.ID == ""}, {"title", e.Title == ""}, {"questions", len(e.Questions) == 0},
		{"keywords", len(e.Keywords) == 0}, {"answer", e.Answer == ""},
		{"source", e.Source == ""}, {"reviewed", e.Reviewed == ""}} {
		_, present := pe.at[f.name]
		switch {
		case !f.empty || pe.bad[f.name]:
		case present:
			r.add(e.File, pe.line(f.name), e.ID, "%s: required, but empty", f.name)
		default:
			r.add(e.File, e.Line, e.ID, "missing required field %s", f.name)
		}
	}
	if e.ID != "" && !idPattern.MatchString(e.ID) {
		r.add(e.File, pe.line("id"), e.ID, "id: use lowercase letters, digits, '-' and '.' (like permis.perte)")
	}
	if n := len(e.Questions); n > 0 && n < MinParaphrase {
		r.add(e.File, pe.line("questions"), e.ID, "questions: %d paraphrases, want at least %d", n, MinParaphrase)
	}
	checkTexts(r, pe)
	checkShort(r, pe)
	checkFacets(r, pe)
	if e.Action != "" && !validAction(e.Action) {
		r.add(e.File, pe.line("action"), e.ID, "action: %q is not handoff or incident", e.Action)
	}
	checkChoices(r, e.File, e.ID, e.Choices)
}

func checkTexts(r *report, pe *parsed) {
	e := pe.e
	if n := utf8.RuneCountInString(e.Answer); n > MaxAnswer {
		r.add(e.File, pe.line("answer"), e.ID, "answer: %d characters, at most %d fit one Messenger message", n, MaxAnswer)
	}
	for _, l := range insecureLinks(e.Answer) {
		r.add(e.File, pe.line("answer"), e.ID, "answer: link %q is not https", l)
	}
	if e.Source != "" && !officialURL(e.Source) {
		r.add(e.File, pe.line("source"), e.ID, "source: %q is not an https:// URL", e.Source)
	}
	if _, err := time.Parse(time.DateOnly, e.Reviewed); e.Reviewed != "" && err != nil {
		r.add(e.File, pe.line("reviewed"), e.ID, "reviewed: %q is not a date YYYY-MM-DD", e.Reviewed)
	}
	for i, q := range e.Questions {
		if q == "" {
			r.add(e.File, pe.qLine[i], e.ID, "questions: empty paraphrase")
		}
	}
	for _, k := range e.Keywords {
		if k == "" {
			r.add(e.File, pe.line("keywords"), e.ID, "keywords: empty keyword")
		}
	}
}

func officialURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func validAction(a string) bool {
	return a == ActionHandoff || a == ActionIncident || a == ActionOutOfScope
}

// checkChoices checks one level of a decision tree, then the levels below.
func checkChoices(r *report, file, id string, cs []Choice) {
	if len(cs) > MaxChoices {
		r.add(file, cs[0].Line, id, "%d choices, Messenger shows at most %d", len(cs), MaxChoices)
	}
	labels := map[string]int{}
	for _, c := range cs {
		if first, dup := labels[fold.Text(c.Label)]; dup && c.Label != "" {
			r.add(file, c.Line, id, "choice %q: same label as the choice at line %d", c.Label, first)
		}
		labels[fold.Text(c.Label)] = c.Line
		checkChoice(r, file, id, c)
		checkChoices(r, file, id, c.Choices)
	}
}

func checkChoice(r *report, file, id string, c Choice) {
	if c.Label == "" {
		r.add(file, c.Line, id, "choice: missing label")
	}
	if n := utf8.RuneCountInString(c.Label); n > MaxLabel {
		r.add(file, c.Line, id, "choice %q: label is %d characters, at most %d", c.Label, n, MaxLabel)
	}
	targets := 0
	for _, set := range []bool{c.Goto != "", c.Answer != "", len(c.Choices) > 0, c.Action != "" && c.Answer == ""} {
		if set {
			targets++
		}
	}
	switch {
	case targets == 0:
		r.add(file, c.Line, id, "choice %q leads nowhere: give one of goto, answer, choices or action", c.Label)
	case targets > 1:
		r.add(file, c.Line, id, "choice %q: give only one of goto, answer, choices or action (action may follow answer)", c.Label)
	}
	if c.Prompt != "" && len(c.Choices) == 0 {
		r.add(file, c.Line, id, "choice %q: prompt is only shown with sub-choices", c.Label)
	}
	if n := utf8.RuneCountInString(c.Answer); n > MaxAnswer {
		r.add(file, c.Line, id, "choice %q: answer is %d characters, at most %d fit one Messenger message", c.Label, n, MaxAnswer)
	}
	for _, l := range insecureLinks(c.Answer) {
		r.add(file, c.Line, id, "choice %q: link %q is not https", c.Label, l)
	}
	checkWhen(r, file, id, c)
	if c.Action != "" && !validAction(c.Action) {
		r.add(file, c.Line, id, "choice %q: action %q is not handoff or incident", c.Label, c.Action)
	}
}

// checkRefs reports related ids and choice targets that name no entry.
func checkRefs(r *report, pe *parsed, ids map[string]*parsed) {
	e := pe.e
	for i, rel := range e.Related {
		switch {
		case rel == e.ID:
			r.add(e.File, pe.rLine[i], e.ID, "related: an entry cannot be related to itself")
		case ids[rel] == nil:
			r.add(e.File, pe.rLine[i], e.ID, "related: no entry %q", rel)
		}
	}
	checkButtons(r, pe, ids)
	walkChoices(e.Choices, func(c Choice) {
		if c.Goto != "" && ids[c.Goto] == nil {
			r.add(e.File, c.Line, e.ID, "choice %q: goto: no entry %q", c.Label, c.Goto)
		}
	})
}

func walkChoices(cs []Choice, fn func(Choice)) {
	for _, c := range cs {
		fn(c)
		walkChoices(c.Choices, fn)
	}
}

// checkParaphrases reports a paraphrase written twice, in one entry or in
// two: the index could not tell the entries apart on it.
func checkParaphrases(r *report, entries []*parsed) {
	type seen struct {
		pe   *parsed
		line int
	}
	first := map[string]seen{}
	for _, pe := range entries {
		for i, q := range pe.e.Questions {
			key := paraphraseKey(q)
			if key == "" {
				continue
			}
			f, dup := first[key]
			switch {
			case !dup:
				first[key] = seen{pe, pe.qLine[i]}
			case f.pe == pe:
				r.add(pe.e.File, pe.qLine[i], pe.e.ID, "questions: %q written twice (also line %d)", q, f.line)
			default:
				r.add(pe.e.File, pe.qLine[i], pe.e.ID, "questions: %q is also a paraphrase of %s (%s:%d)", q, f.pe.e.ID, f.pe.e.File, f.line)
			}
		}
	}
}

// paraphraseKey ignores case, accents, punctuation and spacing.
func paraphraseKey(q string) string {
	words := strings.FieldsFunc(fold.Text(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(words, " ")
}

// checkCycles reports goto loops between entries: a decision tree must end.
func checkCycles(r *report, entries []*parsed) {
	type edge struct {
		to   string
		line int
	}
	graph := map[string][]edge{}
	byID := map[string]*parsed{}
	for _, pe := range entries {
		byID[pe.e.ID] = pe
		walkChoices(pe.e.Choices, func(c Choice) {
			if c.Goto != "" {
				graph[pe.e.ID] = append(graph[pe.e.ID], edge{c.Goto, c.Line})
			}
		})
	}
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var path []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = open
		path = append(path, id)
		for _, ed := range graph[id] {
			switch state[ed.to] {
			case unseen:
				visit(ed.to)
			case open:
				cycle := append(slicesFrom(path, ed.to), ed.to)
				r.add(byID[id].e.File, ed.line, id, "choices loop: %s", strings.Join(cycle, " → "))
			}
		}
		path = path[:len(path)-1]
		state[id] = done
	}
	for _, pe := range entries {
		if state[pe.e.ID] == unseen {
			visit(pe.e.ID)
		}
	}
}

// slicesFrom returns a copy of path from the first occurrence of id.
func slicesFrom(path []string, id string) []string {
	for i, p := range path {
		if p == id {
			return append([]string(nil), path[i:]...)
		}
	}
	return nil
}

// checkShort: every entry can become a button, so its title must fit one,
// or a short title must be given.
func checkShort(r *report, pe *parsed) {
	e := pe.e
	switch n := utf8.RuneCountInString(e.Short); {
	case n > MaxLabel:
		r.add(e.File, pe.line("short"), e.ID, "short: %d characters, at most %d fit a Messenger button", n, MaxLabel)
	case n == 0 && utf8.RuneCountInString(e.Title) > MaxLabel:
		r.add(e.File, pe.line("title"), e.ID, "short: required, the title is longer than %d characters (Messenger cuts buttons)", MaxLabel)
	}
}

func checkFacets(r *report, pe *parsed) {
	e := pe.e
	for _, name := range sortedKeys(e.Facets) {
		text, line := e.Facets[name], pe.fLine[name]
		switch {
		case !ValidFacet(name):
			r.add(e.File, line, e.ID, "facets: unknown facet %q (want one of %s)", name, strings.Join(FacetNames, ", "))
		case text == "":
			r.add(e.File, line, e.ID, "facets: %s: empty text", name)
		case utf8.RuneCountInString(text) > MaxAnswer:
			r.add(e.File, line, e.ID, "facets: %s: %d characters, at most %d", name, utf8.RuneCountInString(text), MaxAnswer)
		}
		for _, l := range insecureLinks(text) {
			r.add(e.File, line, e.ID, "facets: %s: link %q is not https", name, l)
		}
	}
}

func checkWhen(r *report, file, id string, c Choice) {
	for _, slot := range sortedKeys(c.When) {
		vals, ok := SlotValues[slot]
		switch {
		case !ok:
			r.add(file, c.Line, id, "choice %q: when: unknown slot %q (want one of %s)", c.Label, slot, strings.Join(sortedKeys(SlotValues), ", "))
		default:
			for _, v := range c.WhenValues(slot) {
				if !slices.Contains(vals, v) {
					r.add(file, c.Line, id, "choice %q: when: %s: %q is not one of %s (alternatives: a|b)", c.Label, slot, v,
						strings.Join(vals, ", "))
				}
			}
		}
	}
}

// checkButtons: the buttons one answer shows (its choices and its related
// entries) must have distinct titles once cut for Messenger.
func checkButtons(r *report, pe *parsed, ids map[string]*parsed) {
	e := pe.e
	seen := map[string]string{}
	for _, c := range e.Choices {
		seen[fold.Text(c.Label)] = "choice " + c.Label
	}
	for i, rel := range e.Related {
		other := ids[rel]
		if other == nil {
			continue
		}
		key := fold.Text(other.e.ShortTitle())
		if first, dup := seen[key]; dup {
			r.add(e.File, pe.rLine[i], e.ID, "related: %s has the same button title %q as %s", rel, other.e.ShortTitle(), first)
			continue
		}
		seen[key] = rel
	}
}

var linkPattern = regexp.MustCompile(`(?i)\bhttp://[^\s)]+`)

// insecureLinks returns the http:// links of a text: every link a citizen
// is given must be https.
func insecureLinks(text string) []string { return linkPattern.FindAllString(text, -1) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
