package kb

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet/fold"
)

// The YAML is walked as nodes rather than decoded into structs so that every
// problem gets the line of the field at fault, unknown fields are all
// reported (not just the first), and duplicated keys are caught.

// parsed is an entry with the lines the checker needs to point at.
type parsed struct {
	e     *Entry
	at    map[string]int  // line of each field's key
	bad   map[string]bool // fields whose value had the wrong shape (already reported)
	qLine []int           // line of each question
	rLine []int           // line of each related id
	fLine map[string]int  // line of each facet
}

// line returns the line of a field, or the entry's line when it is absent.
func (pe *parsed) line(field string) int {
	if l, ok := pe.at[field]; ok {
		return l
	}
	return pe.e.Line
}

type parser struct {
	r       *report
	entries []*parsed
	abbrevs map[string]string
	abbrAt  map[string]Problem // where each abbreviation was first defined
	// translations are the English texts of entries (english.go).
	translations []*parsedTr
}

func newParser() *parser {
	return &parser{r: &report{}, abbrevs: map[string]string{}, abbrAt: map[string]Problem{}}
}

var (
	syntaxLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	// yaml.v3 numbers the lines of its parser errors from 0 and those of its
	// scanner errors from 1; these messages are the parser's.
	zeroBased = regexp.MustCompile(`^did not find expected (key|node content|'-' indicator|',' or '[\]}]'|<document start>)`)
)

// file parses one YAML file: a mapping with domain, entries and
// abbreviations.
func (p *parser) file(name string, data []byte) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.r.add(name, 0, "", "file is empty")
			return
		}
		p.syntax(name, err)
		return
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		p.r.add(name, extra.Line, "", "only one YAML document per file: remove the '---' separator")
	}
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		p.r.add(name, root.Line, "", "want a mapping with the fields domain and entries")
		return
	}
	for _, kv := range p.pairs(name, "", root) {
		switch kv.k.Value {
		case "domain":
			p.str(name, "", kv)
		case "entries":
			p.entryList(name, kv.v)
		case "abbreviations":
			p.abbreviations(name, kv.v)
		case "synonyms":
			p.synonyms(name, kv.v)
		case "translations":
			p.translationList(name, kv.v)
		default:
			p.r.add(name, kv.k.Line, "", "unknown field %q (want domain, entries, abbreviations, synonyms or translations)", kv.k.Value)
		}
	}
}

func (p *parser) syntax(name string, err error) {
	if m := syntaxLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		if zeroBased.MatchString(m[2]) {
			line++
		}
		p.r.add(name, line, "", "YAML syntax: %s%s", m[2], syntaxHints[m[2]])
		return
	}
	p.r.add(name, 0, "", "YAML syntax: %s", strings.TrimPrefix(err.Error(), "yaml: "))
}

// syntaxHints explain the YAML errors editors make most.
var syntaxHints = map[string]string{
	"mapping values are not allowed in this context":  " (a text containing ': ' needs quotes, or a '|' block)",
	"found a tab character that violates indentation": " (indent with spaces, not tabs)",
	"found character that cannot start any token":     " (a text starting with @, ` or % needs quotes)",
	"did not find expected ',' or ']'":                " (a [list] is not closed)",
}

type pair struct{ k, v *yaml.Node }

// pairs lists a mapping's key/value pairs, reporting keys given twice.
func (p *parser) pairs(file, id string, n *yaml.Node) []pair {
	seen := map[string]int{}
	var out []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		if first, dup := seen[k.Value]; dup {
			p.r.add(file, k.Line, id, "field %q given twice (first at line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, pair{k, v})
	}
	return out
}

// deref follows YAML aliases (*name) to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// str returns a scalar field's trimmed text; null gives "".
func (p *parser) str(file, id string, kv pair) string {
	if isNull(kv.v) {
		return ""
	}
	if kv.v.Kind != yaml.ScalarNode {
		p.r.add(file, kv.v.Line, id, "%s: want a text", kv.k.Value)
		return ""
	}
	return strings.TrimSpace(kv.v.Value)
}

// strs returns a list of texts and the line of each.
func (p *parser) strs(file, id string, kv pair) ([]string, []int) {
	if isNull(kv.v) {
		return nil, nil
	}
	if kv.v.Kind != yaml.SequenceNode {
		p.r.add(file, kv.v.Line, id, "%s: want a list (one '- item' per line, or [a, b])", kv.k.Value)
		return nil, nil
	}
	var vals []string
	var lines []int
	for _, it := range kv.v.Content {
		it = deref(it)
		if it.Kind != yaml.ScalarNode {
			p.r.add(file, it.Line, id, "%s: want a list of texts", kv.k.Value)
			continue
		}
		vals = append(vals, strings.TrimSpace(it.Value))
		lines = append(lines, it.Line)
	}
	return vals, lines
}

func (p *parser) entryList(file string, n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		p.r.add(file, n.Line, "", "entries: want a list of entries ('- id: ...')")
		return
	}
	for _, it := range n.Content {
		p.entry(file, deref(it))
	}
}

func (p *parser) entry(file string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.r.add(file, n.Line, "", "an entry must be a mapping of fields (id, title, questions...)")
		return
	}
	pe := &parsed{e: &Entry{File: file, Line: n.Line}, at: map[string]int{}, bad: map[string]bool{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			pe.e.ID = strings.TrimSpace(n.Content[i+1].Value)
		}
	}
	for _, kv := range p.pairs(file, pe.e.ID, n) {
		pe.at[kv.k.Value] = kv.k.Line
		before := len(p.r.list)
		p.entryField(pe, kv)
		pe.bad[kv.k.Value] = len(p.r.list) > before
	}
	p.entries = append(p.entries, pe)
}

func (p *parser) entryField(pe *parsed, kv pair) {
	e, file := pe.e, pe.e.File
	texts := map[string]*string{"id": &e.ID, "title": &e.Title, "answer": &e.Answer,
		"source": &e.Source, "reviewed": &e.Reviewed, "action": &e.Action, "short": &e.Short}
	switch name := kv.k.Value; name {
	case "questions":
		e.Questions, pe.qLine = p.strs(file, e.ID, kv)
	case "keywords":
		e.Keywords, _ = p.strs(file, e.ID, kv)
	case "related":
		e.Related, pe.rLine = p.strs(file, e.ID, kv)
	case "choices":
		e.Choices = p.choices(file, e.ID, kv)
	case "facets":
		e.Facets, pe.fLine = p.texts(file, e.ID, kv)
	case "unverified":
		e.Unverified = p.unverified(file, e.ID, kv)
	default:
		if dst, ok := texts[name]; ok {
			*dst = p.str(file, e.ID, kv)
			return
		}
		p.r.add(file, kv.k.Line, e.ID, "unknown field %q (want id, title, short, questions, keywords, answer, facets, source, unverified, reviewed, choices, action or related)", name)
	}
}

func (p *parser) choices(file, id string, kv pair) []Choice {
	if isNull(kv.v) {
		return nil
	}
	if kv.v.Kind != yaml.SequenceNode || len(kv.v.Content) == 0 {
		p.r.add(file, kv.v.Line, id, "%s: want a non-empty list of choices ('- label: ...')", kv.k.Value)
		return nil
	}
	var out []Choice
	for _, it := range kv.v.Content {
		if it = deref(it); it.Kind != yaml.MappingNode {
			p.r.add(file, it.Line, id, "a choice must be a mapping (label, then goto, answer, choices or action)")
			continue
		}
		out = append(out, p.choice(file, id, it))
	}
	return out
}

func (p *parser) choice(file, id string, n *yaml.Node) Choice {
	c := Choice{Line: n.Line}
	texts := map[string]*string{"label": &c.Label, "prompt": &c.Prompt, "goto": &c.Goto,
		"answer": &c.Answer, "action": &c.Action}
	for _, kv := range p.pairs(file, id, n) {
		if dst, ok := texts[kv.k.Value]; ok {
			*dst = p.str(file, id, kv)
		} else if kv.k.Value == "choices" {
			c.Choices = p.choices(file, id, kv)
		} else if kv.k.Value == "when" {
			c.When, _ = p.texts(file, id, kv)
		} else {
			p.r.add(file, kv.k.Line, id, "unknown choice field %q (want label, prompt, goto, answer, choices, action or when)", kv.k.Value)
		}
	}
	return c
}

func (p *parser) abbreviations(file string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.r.add(file, n.Line, "", "abbreviations: want a mapping 'abbreviation: expansion'")
		return
	}
	for _, kv := range p.pairs(file, "", n) {
		key := fold.Text(strings.TrimSpace(kv.k.Value))
		val := p.str(file, "", kv)
		if key == "" || val == "" {
			p.r.add(file, kv.k.Line, "", "abbreviations: %q: both the abbreviation and its expansion are required", kv.k.Value)
			continue
		}
		p.replace(file, kv.k.Line, "abbreviations", key, kv.k.Value, val)
	}
}

// synonyms reads 'word: [variant, ...]': each variant, wherever it stands
// alone, is read as word ("perdu: [égaré, paumé, introuvable]").
func (p *parser) synonyms(file string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.r.add(file, n.Line, "", "synonyms: want a mapping 'word: [variant, variant]'")
		return
	}
	for _, kv := range p.pairs(file, "", n) {
		word := strings.TrimSpace(kv.k.Value)
		variants, lines := p.strs(file, "", kv)
		if kv.v.Kind != yaml.SequenceNode && !isNull(kv.v) {
			continue // strs said so
		}
		if word == "" || len(variants) == 0 {
			p.r.add(file, kv.k.Line, "", "synonyms: %q: want a word and a non-empty list of variants", kv.k.Value)
			continue
		}
		for i, v := range variants {
			key := fold.Text(v)
			if key == "" || key == fold.Text(word) {
				p.r.add(file, lines[i], "", "synonyms: %q: variant %q is empty or the word itself", word, v)
				continue
			}
			p.replace(file, lines[i], "synonyms", key, v, word)
		}
	}
}

// replace records that the folded word key is to be read as val, unless
// key is not one word or is already defined.
func (p *parser) replace(file string, line int, section, key, raw, val string) {
	switch first, dup := p.abbrAt[key]; {
	case strings.ContainsFunc(key, unicode.IsSpace):
		p.r.add(file, line, "", "%s: %q: the %s must be one word", section, raw, strings.TrimSuffix(section, "s"))
	case dup:
		p.r.add(file, line, "", "%s: %q already defined at %s:%d", section, key, first.File, first.Line)
	default:
		p.abbrevs[key] = val
		p.abbrAt[key] = Problem{File: file, Line: line}
	}
}

// texts reads a mapping of names to texts (facets, when), with the line of
// each name.
func (p *parser) texts(file, id string, kv pair) (map[string]string, map[string]int) {
	if isNull(kv.v) {
		return nil, nil
	}
	if kv.v.Kind != yaml.MappingNode {
		p.r.add(file, kv.v.Line, id, "%s: want a mapping 'name: text'", kv.k.Value)
		return nil, nil
	}
	vals, lines := map[string]string{}, map[string]int{}
	for _, it := range p.pairs(file, id, kv.v) {
		if it.v.Kind != yaml.ScalarNode || isNull(it.v) {
			p.r.add(file, it.k.Line, id, "%s: %s: want a text", kv.k.Value, it.k.Value)
			continue
		}
		vals[it.k.Value] = strings.TrimSpace(it.v.Value)
		lines[it.k.Value] = it.k.Line
	}
	return vals, lines
}

// unverified reads a list of {fact, source} mappings.
func (p *parser) unverified(file, id string, kv pair) []Unverified {
	if isNull(kv.v) {
		return nil
	}
	if kv.v.Kind != yaml.SequenceNode {
		p.r.add(file, kv.v.Line, id, "unverified: want a list of '- fact: ...' with a source")
		return nil
	}
	var out []Unverified
	for _, it := range kv.v.Content {
		if it = deref(it); it.Kind != yaml.MappingNode {
			p.r.add(file, it.Line, id, "unverified: each item is a mapping with fact and source")
			continue
		}
		u := Unverified{Line: it.Line}
		for _, f := range p.pairs(file, id, it) {
			switch f.k.Value {
			case "fact":
				u.Fact = p.str(file, id, f)
			case "source":
				u.Source = p.str(file, id, f)
			default:
				p.r.add(file, f.k.Line, id, "unverified: unknown field %q (want fact and source)", f.k.Value)
			}
		}
		if u.Fact == "" || u.Source == "" {
			p.r.add(file, u.Line, id, "unverified: both fact and source are required")
		}
		out = append(out, u)
	}
	return out
}
