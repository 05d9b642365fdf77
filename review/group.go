package review

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/guichet/guichet/quality"
)

// Threshold is the similarity at or above which a question joins a group:
// the Jaccard index of the analysed terms of the question and of the
// group's leading question. At 0.5 the two share at least half of the
// terms either of them uses: "permis bateau" and "prix du permis bateau"
// ({permi, bateau} and {prix, permi, bateau}: 2/3) meet, "permis bateau"
// and "permis de chasse" ({permi, bateau} and {permi, chass}: 1/3) do not.
const Threshold = 0.5

// Unanswered reports whether f is a question the bot could not answer
// that the review shows: a fallback, a clarification, or an answer the
// person said did not help, each with its masked text.
func Unanswered(f quality.Fact) bool {
	if strings.TrimSpace(f.Text) == "" {
		return false
	}
	switch f.Kind {
	case quality.KindFallback, quality.KindClarify:
		return true
	case quality.KindHelpful:
		return f.Value == 0
	}
	return false
}

// question is one distinct text (by Key) with what the facts say about it.
type question struct {
	key         string
	forms       map[string]int // raw texts with this key, and their counts
	count       int
	first, last time.Time
	terms       map[string]bool
	cands       map[string]int
}

// text is the form written most often (the smallest on a tie).
func (q *question) text() string {
	best, n := "", -1
	for f, c := range q.forms {
		if c > n || (c == n && f < best) {
			best, n = f, c
		}
	}
	return best
}

// GroupFacts groups the unanswered questions among facts (see Unanswered)
// by similarity, with the greedy leader method: distinct questions are
// taken most frequent first (then earliest, then by key), and each joins
// the existing group whose leading question is the most similar to it, if
// that similarity reaches threshold (use Threshold); otherwise it leads a
// new group. Groups come largest first, then most recently seen, then by
// ID. The result depends only on facts, never on their order.
func GroupFacts(facts []quality.Fact, analyze Analyzer, threshold float64) []Group {
	qs := distinct(facts, analyze)
	sort.Slice(qs, func(i, j int) bool {
		a, b := qs[i], qs[j]
		if a.count != b.count {
			return a.count > b.count
		}
		if !a.first.Equal(b.first) {
			return a.first.Before(b.first)
		}
		return a.key < b.key
	})
	clusters := cluster(qs, threshold)
	groups := make([]Group, 0, len(clusters))
	for _, members := range clusters {
		groups = append(groups, newGroup(members))
	}
	sort.Slice(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.Size != b.Size {
			return a.Size > b.Size
		}
		if !a.LastSeen.Equal(b.LastSeen) {
			return a.LastSeen.After(b.LastSeen)
		}
		return a.ID < b.ID
	})
	return groups
}

// distinct gathers the unanswered facts by text key.
func distinct(facts []quality.Fact, analyze Analyzer) []*question {
	byKey := map[string]*question{}
	var out []*question
	for _, f := range facts {
		if !Unanswered(f) {
			continue
		}
		text := oneLine(f.Text)
		k := Key(text)
		q := byKey[k]
		if q == nil {
			q = &question{key: k, forms: map[string]int{}, first: f.Time, last: f.Time,
				terms: set(analyze(text)), cands: map[string]int{}}
			byKey[k] = q
			out = append(out, q)
		}
		q.forms[text]++
		q.count++
		if f.Time.Before(q.first) {
			q.first = f.Time
		}
		if f.Time.After(q.last) {
			q.last = f.Time
		}
		for c := range set(f.Candidates) {
			q.cands[c]++
		}
	}
	return out
}

// cluster runs the leader method on qs, in their order. An inverted index
// from term to the groups whose leader holds it keeps this near linear: a
// question is only compared with leaders it shares a term with.
func cluster(qs []*question, threshold float64) [][]*question {
	var leaders []*question
	var members [][]*question
	byTerm := map[string][]int{}
	empty := -1 // the group of questions without terms
	for _, q := range qs {
		best, bestSim := -1, 0.0
		if len(q.terms) == 0 {
			best = empty
		} else {
			seen := map[int]bool{}
			for t := range q.terms {
				for _, g := range byTerm[t] {
					if seen[g] {
						continue
					}
					seen[g] = true
					s := jaccard(q.terms, leaders[g].terms)
					if s >= threshold && (s > bestSim || (s == bestSim && g < best)) {
						best, bestSim = g, s
					}
				}
			}
		}
		if best < 0 {
			best = len(leaders)
			leaders = append(leaders, q)
			members = append(members, nil)
			for t := range q.terms {
				byTerm[t] = append(byTerm[t], best)
			}
			if len(q.terms) == 0 {
				empty = best
			}
		}
		members[best] = append(members[best], q)
	}
	return members
}

func newGroup(members []*question) Group {
	sum := sha256.Sum256([]byte(members[0].key))
	g := Group{ID: hex.EncodeToString(sum[:5]), Distinct: len(members),
		FirstSeen: members[0].first, LastSeen: members[0].last}
	cands := map[string]int{}
	for _, q := range members {
		g.Size += q.count
		if q.first.Before(g.FirstSeen) {
			g.FirstSeen = q.first
		}
		if q.last.After(g.LastSeen) {
			g.LastSeen = q.last
		}
		if len(g.Examples) < MaxExamples {
			g.Examples = append(g.Examples, Example{Text: q.text(), Count: q.count})
		}
		for c, n := range q.cands {
			cands[c] += n
		}
	}
	g.Candidates = topCandidates(cands)
	return g
}

// topCandidates returns the entries proposed most often, then by id.
func topCandidates(counts map[string]int) []Candidate {
	out := make([]Candidate, 0, len(counts))
	for e, n := range counts {
		out = append(out, Candidate{Entry: e, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Entry < out[j].Entry
	})
	if len(out) > MaxCandidates {
		out = out[:MaxCandidates]
	}
	return out
}

func set(items []string) map[string]bool {
	s := make(map[string]bool, len(items))
	for _, it := range items {
		if it != "" {
			s[it] = true
		}
	}
	return s
}

// oneLine trims text and collapses its runs of spaces and line breaks to
// one space: a paraphrase is one line.
func oneLine(text string) string {
	return strings.Join(strings.Fields(text), " ")
}
