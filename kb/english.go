package kb

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// English text lives in its own file (kb/data/english.yaml, see
// README.md), under `translations`, so that French and English editors
// never edit the same lines. Each translation names an existing entry; the
// English paraphrases are indexed with that entry, and the English answer,
// facets and choice labels are shown to people who write in English.

// MinEnglishParaphrase is the fewest English paraphrases a translation has.
const MinEnglishParaphrase = 8

// Translation is an entry's English text. Answer may be empty: the bot
// then gives the French answer preceded by one English sentence saying so.
type Translation struct {
	Title     string
	Short     string   // button title, at most MaxLabel characters
	Questions []string // English paraphrases
	Answer    string
	Facets    map[string]string   // facet name → English text
	Choices   []ChoiceTranslation // English labels of the French choices, in order
	File      string
	Line      int
}

// ChoiceTranslation is the English label (and answer, prompt, sub-choices)
// of the French choice at the same place.
type ChoiceTranslation struct {
	Label, Prompt, Answer string
	Choices               []ChoiceTranslation
	Line                  int
}

// ShortTitle is the English button title: Short, else Title.
func (t *Translation) ShortTitle() string {
	if t.Short != "" {
		return t.Short
	}
	return t.Title
}

// parsedTr is a translation with the lines the checker points at.
type parsedTr struct {
	id    string
	t     *Translation
	at    map[string]int
	qLine []int
	fLine map[string]int
}

func (pt *parsedTr) line(field string) int {
	if l, ok := pt.at[field]; ok {
		return l
	}
	return pt.t.Line
}

func (p *parser) translationList(file string, n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		p.r.add(file, n.Line, "", "translations: want a list of translations ('- id: ...')")
		return
	}
	for _, it := range n.Content {
		p.translation(file, deref(it))
	}
}

func (p *parser) translation(file string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.r.add(file, n.Line, "", "a translation must be a mapping of fields (id, title, questions...)")
		return
	}
	pt := &parsedTr{t: &Translation{File: file, Line: n.Line}, at: map[string]int{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			pt.id = strings.TrimSpace(n.Content[i+1].Value)
		}
	}
	t := pt.t
	for _, kv := range p.pairs(file, pt.id, n) {
		pt.at[kv.k.Value] = kv.k.Line
		switch kv.k.Value {
		case "id":
			p.str(file, pt.id, kv)
		case "title":
			t.Title = p.str(file, pt.id, kv)
		case "short":
			t.Short = p.str(file, pt.id, kv)
		case "answer":
			t.Answer = p.str(file, pt.id, kv)
		case "questions":
			t.Questions, pt.qLine = p.strs(file, pt.id, kv)
		case "facets":
			t.Facets, pt.fLine = p.texts(file, pt.id, kv)
		case "choices":
			t.Choices = p.choiceTranslations(file, pt.id, kv)
		default:
			p.r.add(file, kv.k.Line, pt.id, "unknown translation field %q (want id, title, short, questions, answer, facets or choices)", kv.k.Value)
		}
	}
	p.translations = append(p.translations, pt)
}

func (p *parser) choiceTranslations(file, id string, kv pair) []ChoiceTranslation {
	if isNull(kv.v) {
		return nil
	}
	if kv.v.Kind != yaml.SequenceNode || len(kv.v.Content) == 0 {
		p.r.add(file, kv.v.Line, id, "%s: want a non-empty list of choices ('- label: ...')", kv.k.Value)
		return nil
	}
	var out []ChoiceTranslation
	for _, it := range kv.v.Content {
		if it = deref(it); it.Kind != yaml.MappingNode {
			p.r.add(file, it.Line, id, "a choice must be a mapping (label, then answer, prompt or choices)")
			continue
		}
		c := ChoiceTranslation{Line: it.Line}
		for _, f := range p.pairs(file, id, it) {
			switch f.k.Value {
			case "label":
				c.Label = p.str(file, id, f)
			case "prompt":
				c.Prompt = p.str(file, id, f)
			case "answer":
				c.Answer = p.str(file, id, f)
			case "choices":
				c.Choices = p.choiceTranslations(file, id, f)
			default:
				p.r.add(file, f.k.Line, id, "unknown choice field %q in a translation (want label, prompt, answer or choices)", f.k.Value)
			}
		}
		out = append(out, c)
	}
	return out
}
