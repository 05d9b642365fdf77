package review

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/kb"
)

// Change is one decision of the review, as the pending-changes file keeps
// it. Either Entry and AddQuestions are set (the texts become paraphrases
// of that entry, an in-scope one or a hors-champ one), or Ignore is (the
// texts are dismissed: the review stops showing them).
type Change struct {
	Entry        string    `yaml:"entry,omitempty"`
	AddQuestions []string  `yaml:"add_questions,omitempty"`
	Ignore       []string  `yaml:"ignore,omitempty"`
	DecidedBy    string    `yaml:"decided_by"`
	DecidedAt    time.Time `yaml:"decided_at"`

	line  int   // of the change in the file, 0 when not read from one
	lines []int // of each text of AddQuestions or Ignore
}

// Texts returns the texts the change decides on.
func (c Change) Texts() []string {
	if c.Entry != "" {
		return c.AddQuestions
	}
	return c.Ignore
}

// Pending is the content of the pending-changes file.
type Pending struct {
	Changes []Change `yaml:"changes"`
}

// header opens every pending file this package writes.
const header = `# KB changes decided in the console's unanswered-question review
# (/console/review), waiting for an editor. Check them with
#   guichet kb pending check
# and merge them into the KB files with
#   guichet kb pending apply
# "ignore" decisions stay here after apply: they keep dismissed questions
# out of the review.
`

// ReadPending reads the pending-changes file. A missing file is an empty
// one. A file that is not well formed gives a *kb.Problems error, each
// problem with its line, in the form 'guichet kb check' prints.
func ReadPending(path string) (*Pending, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Pending{}, nil
	}
	if err != nil {
		return nil, guichet.E(guichet.Other, "review: read pending", err)
	}
	return parsePending(path, data)
}

func parsePending(path string, data []byte) (*Pending, error) {
	p := &Pending{}
	r := &problems{file: path}
	var doc yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	switch {
	case errors.Is(err, io.EOF):
		return p, nil
	case err != nil:
		r.syntax(err)
		return nil, r.err()
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		r.add(root.Line, "", "want a mapping with the field changes")
		return nil, r.err()
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "changes" {
			r.add(k.Line, "", "unknown field %q (want changes)", k.Value)
			continue
		}
		if v.Kind != yaml.SequenceNode && v.Tag != "!!null" {
			r.add(v.Line, "", "changes: want a list of changes ('- entry: ...')")
			continue
		}
		for _, n := range v.Content {
			if c, ok := r.change(n); ok {
				p.Changes = append(p.Changes, c)
			}
		}
	}
	if err := r.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// change reads one change, reporting every field at fault.
func (r *problems) change(n *yaml.Node) (Change, bool) {
	c := Change{line: n.Line}
	if n.Kind != yaml.MappingNode {
		r.add(n.Line, "", "a change must be a mapping (entry and add_questions, or ignore)")
		return c, false
	}
	before := len(r.list)
	var when string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "entry":
			c.Entry = r.scalar(k, v)
		case "decided_by":
			c.DecidedBy = r.scalar(k, v)
		case "decided_at":
			when = r.scalar(k, v)
		case "add_questions":
			c.AddQuestions, c.lines = r.texts(k, v)
		case "ignore":
			c.Ignore, c.lines = r.texts(k, v)
		default:
			r.add(k.Line, c.Entry, "unknown field %q (want entry, add_questions, ignore, decided_by or decided_at)", k.Value)
		}
	}
	r.shape(&c, when)
	return c, len(r.list) == before
}

// shape checks the fields that make a change complete.
func (r *problems) shape(c *Change, when string) {
	switch {
	case c.Entry != "" && len(c.Ignore) > 0:
		r.add(c.line, c.Entry, "give either entry and add_questions, or ignore, not both")
	case c.Entry != "" && len(c.AddQuestions) == 0:
		r.add(c.line, c.Entry, "add_questions: required with entry, and not empty")
	case c.Entry == "" && len(c.AddQuestions) > 0:
		r.add(c.line, "", "entry: required with add_questions")
	case c.Entry == "" && len(c.Ignore) == 0:
		r.add(c.line, "", "empty change: give entry and add_questions, or ignore")
	}
	if c.DecidedBy == "" {
		r.add(c.line, c.Entry, "decided_by: required (the editor's name)")
	}
	t, err := time.Parse(time.RFC3339, when)
	if err != nil {
		r.add(c.line, c.Entry, "decided_at: %q is not a time like 2026-11-23T15:04:05Z", when)
	}
	c.DecidedAt = t
}

func (r *problems) scalar(k, v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		r.add(v.Line, "", "%s: want a text", k.Value)
		return ""
	}
	return v.Value
}

func (r *problems) texts(k, v *yaml.Node) ([]string, []int) {
	if v.Kind != yaml.SequenceNode {
		r.add(v.Line, "", "%s: want a list of texts", k.Value)
		return nil, nil
	}
	var texts []string
	var lines []int
	for _, it := range v.Content {
		if it.Kind != yaml.ScalarNode {
			r.add(it.Line, "", "%s: want a list of texts", k.Value)
			continue
		}
		texts = append(texts, it.Value)
		lines = append(lines, it.Line)
	}
	return texts, lines
}

// problems collects what is wrong in one file, as kb.Problem values so
// that every command prints them alike.
type problems struct {
	file string
	list []kb.Problem
}

func (r *problems) add(line int, id, format string, args ...any) {
	r.list = append(r.list, kb.Problem{File: r.file, Line: line, ID: id, Msg: fmt.Sprintf(format, args...)})
}

// err returns the problems in line order, or nil.
func (r *problems) err() error {
	if len(r.list) == 0 {
		return nil
	}
	sort.SliceStable(r.list, func(i, j int) bool { return r.list[i].Line < r.list[j].Line })
	return &kb.Problems{List: r.list}
}

var syntaxLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntax reports a YAML syntax error at its line. yaml.v3 numbers the
// lines of its parser's errors ("did not find expected ...") from 0, and
// those of its scanner's from 1.
func (r *problems) syntax(err error) {
	m := syntaxLine.FindStringSubmatch(err.Error())
	if m == nil {
		r.add(0, "", "YAML syntax: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	line, _ := strconv.Atoi(m[1])
	if strings.HasPrefix(m[2], "did not find expected") {
		line++
	}
	r.add(line, "", "YAML syntax: %s (indent with spaces; quote a text containing ': ')", m[2])
}
