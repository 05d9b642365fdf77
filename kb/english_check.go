package kb

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/fold"
)

// checkTranslations checks the English translations against the entries
// they translate, and attaches each valid one's text to its entry.
func checkTranslations(r *report, p *parser, ids map[string]*parsed) {
	seen := map[string]*parsedTr{}
	for _, pt := range p.translations {
		t := pt.t
		if pt.id == "" {
			r.add(t.File, t.Line, "", "translation: missing required field id")
			continue
		}
		fr := ids[pt.id]
		if fr == nil {
			r.add(t.File, pt.line("id"), pt.id, "translation: no entry %q", pt.id)
			continue
		}
		if first, dup := seen[pt.id]; dup {
			r.add(t.File, pt.line("id"), pt.id, "translation given twice (first at %s:%d)", first.t.File, first.t.Line)
			continue
		}
		seen[pt.id] = pt
		checkTranslation(r, pt, fr.e)
	}
	checkEnglishParaphrases(r, p)
}

func checkTranslation(r *report, pt *parsedTr, fr *Entry) {
	t, id := pt.t, pt.id
	if t.Title == "" {
		r.add(t.File, pt.line("title"), id, "title: required (the English title agents and buttons show)")
	}
	switch n := utf8.RuneCountInString(t.Short); {
	case n > MaxLabel:
		r.add(t.File, pt.line("short"), id, "short: %d characters, at most %d fit a Messenger button", n, MaxLabel)
	case n == 0 && utf8.RuneCountInString(t.Title) > MaxLabel:
		r.add(t.File, pt.line("title"), id, "short: required, the title is longer than %d characters (Messenger cuts buttons)", MaxLabel)
	}
	if n := len(t.Questions); n < MinEnglishParaphrase {
		r.add(t.File, pt.line("questions"), id, "questions: %d English paraphrases, want at least %d", n, MinEnglishParaphrase)
	}
	for i, q := range t.Questions {
		if q == "" {
			r.add(t.File, pt.qLine[i], id, "questions: empty paraphrase")
		}
	}
	pool := frenchFacts(fr.Answer, fr.Facets)
	checkEnglishText(r, t.File, pt.line("answer"), id, "answer", t.Answer, pool)
	for _, name := range sortedKeys(t.Facets) {
		line, text := pt.fLine[name], t.Facets[name]
		switch {
		case !ValidFacet(name):
			r.add(t.File, line, id, "facets: unknown facet %q (want one of %s)", name, strings.Join(FacetNames, ", "))
		case fr.Facets[name] == "":
			r.add(t.File, line, id, "facets: %s: the French entry has no such facet (translate only what it says)", name)
		case text == "":
			r.add(t.File, line, id, "facets: %s: empty text", name)
		default:
			checkEnglishText(r, t.File, line, id, "facets: "+name, text, pool)
		}
	}
	checkChoiceTranslations(r, t.File, id, t.Choices, fr.Choices, pool)
}

// checkChoiceTranslations compares one level of English choices with the
// French level at the same place.
func checkChoiceTranslations(r *report, file, id string, en []ChoiceTranslation, fr []Choice, pool string) {
	if len(en) > len(fr) {
		r.add(file, en[len(fr):][0].Line, id, "choices: %d English choices, the French entry has %d at this level", len(en), len(fr))
	}
	labels := map[string]int{}
	for i, c := range en {
		if c.Label == "" {
			r.add(file, c.Line, id, "choice: missing label")
		}
		if n := utf8.RuneCountInString(c.Label); n > MaxLabel {
			r.add(file, c.Line, id, "choice %q: label is %d characters, at most %d", c.Label, n, MaxLabel)
		}
		if first, dup := labels[fold.Text(c.Label)]; dup && c.Label != "" {
			r.add(file, c.Line, id, "choice %q: same label as the choice at line %d", c.Label, first)
		}
		labels[fold.Text(c.Label)] = c.Line
		if i >= len(fr) {
			continue
		}
		f := fr[i]
		if c.Answer != "" && f.Answer == "" {
			r.add(file, c.Line, id, "choice %q: the French choice %q has no answer to translate", c.Label, f.Label)
		}
		if c.Prompt != "" && f.Prompt == "" {
			r.add(file, c.Line, id, "choice %q: the French choice %q has no prompt to translate", c.Label, f.Label)
		}
		checkEnglishText(r, file, c.Line, id, "choice "+quote(c.Label)+": answer", c.Answer, f.Answer+"\n"+f.Prompt+"\n"+pool)
		checkChoiceTranslations(r, file, id, c.Choices, f.Choices, pool)
	}
}

func quote(s string) string { return `"` + s + `"` }

// checkEnglishText checks an English text's length and links, and that
// every number and link it gives is in the French text (pool): a
// translation must not add or change a fee, a delay or an address.
func checkEnglishText(r *report, file string, line int, id, what, text, pool string) {
	if text == "" {
		return
	}
	if n := utf8.RuneCountInString(text); n > MaxAnswer {
		r.add(file, line, id, "%s: %d characters, at most %d fit one Messenger message", what, n, MaxAnswer)
	}
	for _, l := range insecureLinks(text) {
		r.add(file, line, id, "%s: link %q is not https", what, l)
	}
	for _, miss := range MissingFacts(text, pool) {
		r.add(file, line, id, "%s: %q is not in the French text (same facts, numbers, fees and links as the French)", what, miss)
	}
}

// frenchFacts is the French text an English answer or facet may draw its
// figures and links from: the entry's answer and its facets.
func frenchFacts(answer string, facets map[string]string) string {
	var b strings.Builder
	b.WriteString(answer)
	for _, name := range sortedKeys(facets) {
		b.WriteString("\n" + facets[name])
	}
	return b.String()
}

var (
	urlPattern   = regexp.MustCompile(`(?i)\bhttps?://[^\s)<>"]+`)
	digitPattern = regexp.MustCompile(`[0-9]+`)
)

// Links returns the links of a text, without the punctuation that ends a
// sentence after them.
func Links(text string) []string {
	var out []string
	for _, l := range urlPattern.FindAllString(text, -1) {
		out = append(out, strings.TrimRight(l, ".,;:!?'»"))
	}
	return out
}

// MissingFacts returns the links and numbers of text that the French text
// does not give. Numbers are compared as runs of digits, so "€25.50" meets
// "25,50 €" and "34 00" meets "34 00", whatever the separators.
func MissingFacts(text, french string) []string {
	var miss []string
	frLinks := Links(french)
	for _, l := range Links(text) {
		if !slices.ContainsFunc(frLinks, func(f string) bool { return strings.EqualFold(strings.TrimRight(f, "/"), strings.TrimRight(l, "/")) }) {
			miss = append(miss, l)
		}
	}
	frNums := map[string]bool{}
	for _, n := range digitPattern.FindAllString(urlPattern.ReplaceAllString(french, " "), -1) {
		frNums[n] = true
	}
	for _, n := range digitPattern.FindAllString(urlPattern.ReplaceAllString(text, " "), -1) {
		if !frNums[n] && !slices.Contains(miss, n) {
			miss = append(miss, n)
		}
	}
	return miss
}

// checkEnglishParaphrases reports an English paraphrase written twice, in
// one translation or in two, or that is also a French paraphrase.
func checkEnglishParaphrases(r *report, p *parser) {
	type seen struct {
		id, file string
		line     int
	}
	first := map[string]seen{}
	for _, pe := range p.entries {
		for i, q := range pe.e.Questions {
			if k := paraphraseKey(q); k != "" {
				if _, dup := first[k]; !dup && i < len(pe.qLine) {
					first[k] = seen{pe.e.ID, pe.e.File, pe.qLine[i]}
				}
			}
		}
	}
	for _, pt := range p.translations {
		for i, q := range pt.t.Questions {
			key := paraphraseKey(q)
			if key == "" {
				continue
			}
			f, dup := first[key]
			switch {
			case !dup:
				first[key] = seen{pt.id, pt.t.File, pt.qLine[i]}
			case f.id == pt.id && f.file == pt.t.File:
				r.add(pt.t.File, pt.qLine[i], pt.id, "questions: %q written twice (also line %d)", q, f.line)
			default:
				r.add(pt.t.File, pt.qLine[i], pt.id, "questions: %q is also a paraphrase of %s (%s:%d)", q, f.id, f.file, f.line)
			}
		}
	}
}
