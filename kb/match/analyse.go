package match

import "github.com/guichet/guichet/kb"

// analysis holds the analysed terms (kb.Analyze) of every word of the
// knowledge base's vocabulary, worked out once per snapshot: analysing a
// normalised message is then a lookup per word instead of a pass of
// Bleve's tokenizer and filters.
type analysis map[string][]string

// newAnalysis analyses the plain words of v.
func newAnalysis(v *vocabulary) analysis {
	a := make(analysis, len(v.freq)+len(v.known))
	add := func(w string) {
		if _, ok := a[w]; !ok && plain(w) {
			a[w] = kb.Analyze(w)
		}
	}
	for w := range v.freq {
		add(w)
	}
	for w := range v.known {
		add(w)
	}
	return a
}

// terms returns kb.Analyze(query), where query is words joined by single
// spaces. A word of lower-case ASCII letters and digits is one token for
// the analyzer's tokenizer, and its filters read one token at a time, so
// the terms of such words are the terms of the query, in order. Any other
// word (another script) has the whole query analysed.
func (a analysis) terms(words []string, query string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		t, ok := a[w]
		if !ok {
			if !plain(w) {
				return kb.Analyze(query)
			}
			t = kb.Analyze(w)
		}
		out = append(out, t...)
	}
	return out
}

// plain reports whether w is made of lower-case ASCII letters and digits
// only.
func plain(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
