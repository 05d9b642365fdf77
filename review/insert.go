package review

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// insertQuestions returns data, a KB file, with texts appended to the
// questions list of each entry of adds. The YAML nodes say where each list
// ends; the new items are then written into the text itself, with the
// indentation of the list's last item, so that everything else (comments,
// blank lines between entries, quoting, long lines) stays exactly as the
// editor wrote it, which re-encoding the nodes would not do.
func insertQuestions(data []byte, adds map[string][]string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	lists, err := questionLists(&doc, adds)
	if err != nil {
		return nil, err
	}
	lines := strings.SplitAfter(string(data), "\n")
	eol := "\n"
	if strings.Contains(string(data), "\r\n") {
		eol = "\r\n" // written on Windows: keep its line ends
	}
	type insertion struct {
		after int // index of the line after which the items go
		items []string
	}
	var ins []insertion
	for id, list := range lists {
		after, items, err := newItems(lines, list, adds[id], eol)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		ins = append(ins, insertion{after, items})
	}
	// From the bottom up, so that earlier insertions do not move later ones.
	sort.Slice(ins, func(i, j int) bool { return ins[i].after > ins[j].after })
	for _, in := range ins {
		if !strings.HasSuffix(lines[in.after], "\n") {
			lines[in.after] += eol
		}
		tail := append(in.items, lines[in.after+1:]...)
		lines = append(lines[:in.after+1], tail...)
	}
	return []byte(strings.Join(lines, "")), nil
}

// questionLists finds the questions list of each entry of adds.
func questionLists(doc *yaml.Node, adds map[string][]string) (map[string]*yaml.Node, error) {
	out := map[string]*yaml.Node{}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a KB file: want a mapping with entries")
	}
	entries := field(doc.Content[0], "entries")
	if entries == nil || entries.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("no entries list")
	}
	for _, e := range entries.Content {
		id := field(e, "id")
		if id == nil || adds[id.Value] == nil {
			continue
		}
		q := field(e, "questions")
		switch {
		case q == nil || q.Kind != yaml.SequenceNode || len(q.Content) == 0:
			return nil, fmt.Errorf("%s: questions is not a list", id.Value)
		case q.Style&yaml.FlowStyle != 0:
			return nil, fmt.Errorf("%s: questions is written as [a, b]: write it one '- question' per line so that new ones can be added", id.Value)
		}
		out[id.Value] = q
	}
	for id := range adds {
		if out[id] == nil {
			return nil, fmt.Errorf("%s: no such entry in this file", id)
		}
	}
	return out, nil
}

// field returns the value of key in mapping n, or nil.
func field(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// newItems returns the index of the last line of list's last item and the
// lines of the new items, indented like it.
func newItems(lines []string, list *yaml.Node, texts []string, eol string) (int, []string, error) {
	last := list.Content[len(list.Content)-1]
	at := last.Line - 1
	if at < 0 || at >= len(lines) {
		return 0, nil, fmt.Errorf("questions: cannot locate the last item")
	}
	indent := len(lines[at]) - len(strings.TrimLeft(lines[at], " "))
	if !strings.HasPrefix(lines[at][indent:], "-") {
		return 0, nil, fmt.Errorf("line %d: questions: write one '- question' per line so that new ones can be added", last.Line)
	}
	end := at
	// The item goes on while lines are indented deeper than its dash (a
	// long text folded over lines, a | block); blank lines count only
	// when such a line follows them.
	for j := at + 1; j < len(lines); j++ {
		l := strings.TrimRight(lines[j], "\r\n")
		if strings.TrimSpace(l) == "" {
			continue
		}
		if len(l)-len(strings.TrimLeft(l, " ")) <= indent {
			break
		}
		end = j
	}
	items := make([]string, 0, len(texts))
	for _, t := range texts {
		b, err := yaml.Marshal(t)
		if err != nil {
			return 0, nil, err
		}
		v := strings.TrimSuffix(string(b), "\n")
		if strings.Contains(v, "\n") {
			return 0, nil, fmt.Errorf("%q: a paraphrase is one line", t)
		}
		items = append(items, lines[at][:indent]+"- "+v+eol)
	}
	return end, items, nil
}
