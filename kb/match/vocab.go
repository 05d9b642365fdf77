package match

import (
	"math/bits"
	"slices"
	"strings"
)

// vocabulary is the set of folded words the knowledge base uses, with how
// often each appears, for typo correction.
type vocabulary struct {
	freq     map[string]int
	byLength map[int][]string
	known    map[string]bool // words left as they are but never corrected into
	// targets holds, by first letter and length, the words typos may be
	// corrected into (those seen at least twice), in the order of byLength:
	// built once per snapshot by seal, so that a correction compares a word
	// with the few candidates it can become instead of scanning every word
	// of a similar length.
	targets map[targetKey][]target
	// english counts the words of the English paraphrases; those seen at
	// least twice that French does not write are targets of last resort
	// (enTargets): a typo no French word is close to may be an English
	// one ("recieved", "registraton").
	english   map[string]int
	enTargets map[targetKey][]target
}

// target is a word typos may be corrected into, with the bytes it holds.
type target struct {
	word  string
	bytes uint64 // byteSet of word
}

type targetKey struct {
	first  byte
	length int
}

func newVocabulary() *vocabulary {
	return &vocabulary{freq: map[string]int{}, byLength: map[int][]string{}, known: map[string]bool{},
		english: map[string]int{}}
}

// addEnglish records a word of an English paraphrase: known, and a
// correction target of last resort.
func (v *vocabulary) addEnglish(w string) {
	v.known[w] = true
	v.english[w]++
}

// addKnown records a word that is left as it is in messages but is not a
// correction target.
func (v *vocabulary) addKnown(w string) { v.known[w] = true }

func (v *vocabulary) add(w string) {
	if v.freq[w] == 0 {
		v.byLength[len(w)] = append(v.byLength[len(w)], w)
	}
	v.freq[w]++
}

// seal builds the correction targets once the vocabulary is complete.
// Words added afterwards are known but never targets.
func (v *vocabulary) seal() {
	v.targets = map[targetKey][]target{}
	for l, words := range v.byLength {
		for _, w := range words {
			if v.freq[w] >= 2 {
				k := targetKey{w[0], l}
				v.targets[k] = append(v.targets[k], target{w, byteSet(w)})
			}
		}
	}
	v.enTargets = map[targetKey][]target{}
	for w, n := range v.english {
		if n >= 2 && v.freq[w] == 0 {
			k := targetKey{w[0], len(w)}
			v.enTargets[k] = append(v.enTargets[k], target{w, byteSet(w)})
		}
	}
	for _, ts := range v.enTargets {
		// map order: ties must not depend on it
		slices.SortFunc(ts, func(a, b target) int { return strings.Compare(a.word, b.word) })
	}
}

func (v *vocabulary) has(w string) bool { return v.freq[w] > 0 || v.known[w] }

// correct returns the vocabulary word w was most likely meant to be, or w.
// Guards keep real words from being bent into others: words under five
// letters and numbers are never touched, the first letter must match, one
// edit is allowed below seven letters and two from seven, and the target
// must appear at least twice in the KB (a one-off typo in a paraphrase is
// not a target).
func (v *vocabulary) correct(w string) string {
	if len(w) < 5 || v.has(w) || isNumber(w) {
		return w
	}
	maxDist := 1
	if len(w) >= 7 {
		maxDist = 2
	}
	if v.targets == nil {
		v.seal() // a vocabulary used before New sealed it (tests)
	}
	if c := closest(w, maxDist, v.targets, v.freq); c != "" {
		return c
	}
	if c := closest(w, maxDist, v.enTargets, v.english); c != "" {
		return c
	}
	return w
}

// closest returns the target within maxDist edits of w, the nearest and
// then the most frequent, or "".
func closest(w string, maxDist int, targets map[targetKey][]target, freq map[string]int) string {
	best, bestDist, bestFreq := "", maxDist+1, 0
	set := byteSet(w)
	for l := len(w) - maxDist; l <= len(w)+maxDist; l++ {
		for _, t := range targets[targetKey{w[0], l}] {
			if bits.OnesCount64(set^t.bytes) > 2*maxDist {
				continue // too many letters of one are not in the other: see byteSet
			}
			c := t.word
			d := distance(w, c, maxDist)
			if d > maxDist {
				continue
			}
			if d < bestDist || d == bestDist && freq[c] > bestFreq {
				best, bestDist, bestFreq = c, d, freq[c]
			}
		}
	}
	return best
}

// byteSet is the set of bytes w holds, as bits: a-z and 0-9 one bit each,
// other bytes sharing the rest. An edit (substitution, insertion, deletion,
// adjacent swap) changes at most two bits of it, so two words whose sets
// differ by more than 2k bits are more than k edits apart: most candidates
// of a correction are ruled out without working out their distance.
func byteSet(w string) uint64 {
	var set uint64
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 'a' && c <= 'z':
			set |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			set |= 1 << (26 + c - '0')
		default:
			set |= 1 << (36 + c%28)
		}
	}
	return set
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// distance is the optimal-string-alignment edit distance between a and b
// (insertions, deletions, substitutions, adjacent swaps) on bytes, cut
// short at max+1. Words are folded ASCII by then.
func distance(a, b string, max int) int {
	if a == b {
		return 0
	}
	la, lb := len(a), len(b)
	if la-lb > max || lb-la > max {
		return max + 1
	}
	var rows [3][24]int // words are short: no allocation below 24 bytes
	var prev2, prev, cur []int
	if lb < len(rows[0]) {
		prev2, prev, cur = rows[0][:lb+1], rows[1][:lb+1], rows[2][:lb+1]
	} else {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}
