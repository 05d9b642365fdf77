package match

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
)

// Normalizer turns informal French into the words the knowledge base uses.
// It is immutable after New and safe for concurrent use.
type Normalizer struct {
	abbrev map[string][]string // folded word -> expansion words
	vocab  *vocabulary         // for typo correction; nil disables it
	// lookup tells, in one look-up, what becomes of a word: the SMS
	// spellings, abbreviations and the vocabulary's words, with what expand
	// gives them, or kept as they are (a word of the KB that expands to
	// nothing else is never corrected). Other words take the whole way:
	// expand, then typo correction.
	lookup map[string]rewrite
}

// rewrite is what becomes of a word: its expansion, or itself.
type rewrite struct {
	expand bool
	words  []string
}

// NewNormalizer builds a normaliser from the KB's abbreviation list and
// the vocabulary of its paraphrases (nil for none).
func NewNormalizer(abbreviations map[string]string, vocab *vocabulary) *Normalizer {
	n := &Normalizer{abbrev: map[string][]string{}, vocab: vocab}
	for k, v := range abbreviations {
		n.abbrev[fold.Text(k)] = Words(fold.Text(v))
	}
	n.lookup = make(map[string]rewrite, len(kb.SMS)+len(n.abbrev))
	add := func(w string) {
		if _, ok := n.lookup[w]; ok {
			return
		}
		if exp, ok := n.expand(w); ok {
			n.lookup[w] = rewrite{expand: true, words: exp}
		} else if vocab != nil && vocab.has(w) {
			n.lookup[w] = rewrite{}
		}
	}
	for w := range kb.SMS {
		add(w)
	}
	for w := range n.abbrev {
		add(w)
	}
	if vocab != nil {
		for w := range vocab.freq {
			add(w)
		}
		for w := range vocab.known {
			add(w)
		}
		// A paraphrase written on a phone puts "lassurance" in the
		// vocabulary too: a rare word that is a common one glued to an
		// elision is read as the two ("maire" stays "maire").
		for w := range vocab.freq {
			if r := n.lookup[w]; r.expand {
				continue
			}
			if words, ok := n.unglue(w); ok {
				n.lookup[w] = rewrite{expand: true, words: words}
			}
		}
	}
	return n
}

// A word of the paraphrases used at most maxGluedFreq times is read as an
// elision and a word used gluedRatio times as often or more.
const (
	maxGluedFreq = 3
	gluedRatio   = 5
)

// Canonical is text folded and split into words, joined by single spaces:
// two texts that differ only by case, accents and punctuation have the same.
func Canonical(text string) string { return strings.Join(Words(fold.Text(text)), " ") }

// Words splits folded text into words of letters and digits. Apostrophes
// split too, so "j'ai" gives "j" and "ai"; the analyzer drops such stop words.
// It is strings.FieldsFunc with that rule, with ASCII read byte by byte.
func Words(s string) []string {
	out := make([]string, 0, len(s)/6+1)
	start := -1
	for i := 0; i < len(s); {
		c, size := s[i], 1
		var inWord bool
		if c < utf8.RuneSelf {
			inWord = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			inWord = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// squeeze collapses runs of three or more identical letters to one
// ("merciii", "nooon", "permiiis"): French never writes a letter three
// times, and the repetition is emphasis, not spelling.
func squeeze(w string) string {
	if !hasRun(w) {
		return w
	}
	b := []byte(w)
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && b[j] == b[i] {
			j++
		}
		if j-i >= 3 {
			out = append(out, b[i])
		} else {
			out = append(out, b[i:j]...)
		}
		i = j
	}
	return string(out)
}

// hasRun reports whether w holds a letter three times in a row.
func hasRun(w string) bool {
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] {
			return true
		}
	}
	return false
}

// phrases are multi-word expressions whose words are all stop words but
// which name a procedure: "où en est mon permis" asks to follow a request.
var phrases = []struct {
	words []string
	add   string
}{
	{[]string{"ou", "en", "est"}, "suivi"},
	{[]string{"ou", "en", "sont"}, "suivi"},
	{[]string{"ou", "ca", "en", "est"}, "suivi"},
}

// noLonger are the verbs that, followed closely by "plus" ("je (ne) le
// trouve plus", "on retrouve plus sa carte"), say that something is lost.
var noLonger = map[string]bool{"trouve": true, "retrouve": true, "trouvons": true, "retrouvons": true,
	"trouvez": true, "retrouvez": true, "trouvent": true, "retrouvent": true}

// addPhrases appends the word a known phrase stands for.
func addPhrases(words []string) []string {
	for i, w := range words {
		if noLonger[w] && slices.Contains(words[i+1:min(i+4, len(words))], "plus") {
			words = append(words, "perdu")
			break
		}
	}
	for _, p := range phrases {
		for i := 0; i+len(p.words) <= len(words); i++ {
			if slices.Equal(words[i:i+len(p.words)], p.words) {
				words = append(words, p.add)
				break
			}
		}
	}
	return words
}

// Normalize returns the words of text, expanded and corrected, folded.
// Politeness ("stp", "svp") is dropped: it says nothing about the question.
func (n *Normalizer) Normalize(text string) []string {
	out := n.words(text)
	return addGreeting(addPhrases(out))
}

func (n *Normalizer) words(text string) []string {
	var out []string
	var names map[string]bool
	namesRead := false // properNames only for a message with a word to correct
	known := func(w string) bool { _, ok := n.lookup[w]; return ok }
	for _, w := range JoinSpelled(Words(kb.JoinCompounds(fold.Text(text))), known) {
		if isNumber(w) && (n.vocab == nil || !n.vocab.has(w)) {
			continue // request numbers, dates: they say nothing about the procedure; "3400" does
		}
		w = squeeze(w)
		if r, ok := n.lookup[w]; ok {
			if r.expand {
				out = append(out, r.words...)
			} else {
				out = append(out, w) // a word of the KB: nothing to correct
			}
			continue
		}
		if exp, ok := n.expand(w); ok {
			out = append(out, exp...)
			continue
		}
		if n.vocab == nil {
			out = append(out, w)
			continue
		}
		if !namesRead {
			names, namesRead = properNames(text), true
		}
		// An elision written without its apostrophe, as on a phone:
		// "lassurance", "dacheter", "jannule".
		if words, ok := n.unglue(w); ok {
			out = append(out, words...)
			continue
		}
		if !names[w] {
			// A typo of a word that is expanded in turn: "licnese" →
			// "licence" → "permis".
			if c := n.vocab.correct(w); c != w {
				if exp, ok := n.expand(c); ok {
					out = append(out, exp...)
					continue
				}
				w = c
			}
		}
		out = append(out, w)
	}
	return out
}

// JoinSpelled joins the letters of a word spelled out, as dictation
// writes an acronym ("le numéro n e p h", "ma c n i"): three single
// letters or more in a row that make a word known says (an abbreviation,
// a word of the KB). "il y a t il", "I'm a" stay as they are.
func JoinSpelled(words []string, known func(string) bool) []string {
	var out []string
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && len(words[j]) == 1 && words[j][0] >= 'a' && words[j][0] <= 'z' {
			j++
		}
		if j-i >= 3 {
			if w := strings.Join(words[i:j], ""); known(w) {
				if out == nil {
					out = append(make([]string, 0, len(words)), words[:i]...)
				}
				out = append(out, w)
				i = j
				continue
			}
		}
		j = max(j, i+1)
		if out != nil {
			out = append(out, words[i:j]...)
		}
		i = j
	}
	if out == nil {
		return words
	}
	return out
}

// elided are the French words an apostrophe may join to the next one,
// longest first.
var elided = []string{"qu", "j", "l", "d", "n", "m", "t", "s"}

// unglue splits a word into an elided word and a common word of the KB
// ("lassurance" → "l", "assurance"), with that word's expansion. The word
// after the elision must have 4 letters or more and, but after "j" and
// "qu", start with a vowel or an h, as an elision does ("jdois" is "je
// dois" said fast; "savez" is no "s'avez"). A word of the paraphrases is
// split only when it is rare there and the word it glues gluedRatio times
// as common ("maire" stays "maire"); a word kept as it is (English, small
// talk) never is.
func (n *Normalizer) unglue(w string) ([]string, bool) {
	if n.vocab == nil {
		return nil, false
	}
	f := n.vocab.freq[w]
	if f > maxGluedFreq || f == 0 && n.vocab.known[w] {
		return nil, false
	}
	for _, p := range elided {
		rest, ok := strings.CutPrefix(w, p)
		if !ok || len(rest) < 4 {
			continue
		}
		if p != "j" && p != "qu" && !strings.ContainsRune("aeiouyh", rune(rest[0])) ||
			p == "s" && strings.HasPrefix(rest, "av") {
			continue
		}
		_, sms := kb.SMS[rest]
		if _, abbrev := n.abbrev[rest]; sms || abbrev {
			exp, _ := n.expand(rest)
			return append([]string{p}, exp...), true
		}
		if n.vocab.freq[rest] >= gluedRatio*max(f, 1) {
			return []string{p, rest}, true
		}
	}
	return nil, false
}

// expand returns what the word w stands for: an SMS spelling's words,
// each expanded in turn ("licences" → "licence" → "permis"), or w's
// expansion; false when w stands for itself.
func (n *Normalizer) expand(w string) ([]string, bool) {
	exp, ok := kb.SMS[w]
	if !ok {
		return n.expansion(w)
	}
	var out []string
	for _, x := range Words(exp) {
		if e, ok := n.abbrev[x]; ok {
			out = append(out, e...)
		} else {
			out = append(out, x)
		}
	}
	return out, true
}

// expansion returns the expansion of w, or of the English base form it
// inflects ("exchanged" as "exchange"), as kb.Expand reads paraphrases.
func (n *Normalizer) expansion(w string) ([]string, bool) {
	if exp, ok := n.abbrev[w]; ok {
		return exp, true
	}
	for _, b := range kb.EnglishBaseForms(w) {
		if exp, ok := n.abbrev[b]; ok {
			return exp, true
		}
	}
	return nil, false
}

// properNames returns the folded words text capitalises inside a sentence
// ("from Chile", "off Leboncoin"): names, which are no typos of the KB's
// words ("Chile" is not "child").
func properNames(text string) map[string]bool {
	var out map[string]bool
	start := true
	for _, f := range strings.Fields(text) {
		r0, size := utf8.DecodeRuneInString(f)
		r1, _ := utf8.DecodeRuneInString(f[size:])
		if !start && len(f) > size && unicode.IsUpper(r0) && unicode.IsLower(r1) {
			if out == nil {
				out = map[string]bool{}
			}
			for _, w := range Words(fold.Text(f)) {
				out[w] = true
			}
		}
		start = strings.ContainsAny(f[len(f)-1:], ".?!:")
	}
	return out
}
