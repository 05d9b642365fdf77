package review

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/kb"
)

// MaxQuestion is the longest text, in characters, that may become a
// paraphrase: a longer message tells a story rather than asks a question,
// and would pull unrelated messages towards its entry.
const MaxQuestion = 200

// CheckPending reports what in p would stop it from being applied to k,
// each problem located in file (the pending file's name): an entry that
// does not exist, a text that is empty, too long or on several lines, a
// text that is already a paraphrase in the KB, proposed twice, or both
// added and ignored. The KB checker would refuse the last three: it could
// not tell entries apart.
func CheckPending(p *Pending, k *kb.KB, file string) []kb.Problem {
	r := &problems{file: file}
	inKB := paraphrases(k)
	type first struct {
		line   int
		entry  string
		ignore bool
	}
	seen := map[string]first{}
	for _, c := range p.Changes {
		if c.Entry != "" && k.Entry(c.Entry) == nil {
			r.add(c.line, c.Entry, "entry: no entry %q in the KB", c.Entry)
		}
		for i, text := range c.Texts() {
			line := c.line
			if i < len(c.lines) {
				line = c.lines[i]
			}
			key := Key(text)
			if c.Entry != "" {
				r.checkText(line, c.Entry, text, key, inKB)
			}
			f, dup := seen[key]
			switch {
			case key == "":
			case !dup:
				seen[key] = first{line, c.Entry, c.Entry == ""}
			case f.ignore && c.Entry != "", !f.ignore && c.Entry == "":
				r.add(line, c.Entry, "%q is both added and ignored (also line %d): keep one decision", text, f.line)
			case !f.ignore && f.entry == c.Entry:
				r.add(line, c.Entry, "%q is proposed twice (also line %d)", text, f.line)
			case !f.ignore:
				r.add(line, c.Entry, "%q is also proposed for %s (line %d): keep one entry", text, f.entry, f.line)
			}
		}
	}
	return r.list
}

// checkText checks one text to add to entry.
func (r *problems) checkText(line int, entry, text, key string, inKB map[string]*kb.Entry) {
	switch n := utf8.RuneCountInString(text); {
	case key == "":
		r.add(line, entry, "%q has no word: a paraphrase needs letters or digits", text)
	case strings.ContainsAny(text, "\n\r\t"):
		r.add(line, entry, "%q: write a paraphrase on one line", text)
	case n > MaxQuestion:
		r.add(line, entry, "%q: %d characters, a paraphrase has at most %d", shorten(text), n, MaxQuestion)
	}
	switch e := inKB[key]; {
	case e == nil || key == "":
	case e.ID == entry:
		r.add(line, entry, "%q is already a paraphrase of this entry (%s:%d)", text, e.File, e.Line)
	default:
		r.add(line, entry, "%q is already a paraphrase of %s (%s:%d)", text, e.ID, e.File, e.Line)
	}
}

// paraphrases maps each paraphrase key of k to its entry.
func paraphrases(k *kb.KB) map[string]*kb.Entry {
	out := map[string]*kb.Entry{}
	if k == nil {
		return out
	}
	for _, e := range k.Entries() {
		for _, q := range e.Questions {
			if _, dup := out[Key(q)]; !dup {
				out[Key(q)] = e
			}
		}
	}
	return out
}

// shorten keeps a long text readable in a one-line problem.
func shorten(text string) string {
	const keep = 60
	if utf8.RuneCountInString(text) <= keep {
		return text
	}
	return fmt.Sprintf("%s…", string([]rune(text)[:keep]))
}
