// Package lang tells the language a citizen writes in: French, English, or
// both mixed in one message. It weighs function words and everyday words
// of each language (SMS French included) and French accents; words both
// languages use ("a", "on", "me", "service", "ok") count for neither.
//
// It is made for short support messages, where a statistical detector
// trained on prose guesses: "hi", "thanks", "jai perdu mon permi" and "I
// lost my licence svp" are told apart by their words alone.
package lang

import (
	"strings"
	"unicode"
)

// Lang is a language code as HTML's lang attribute takes it.
type Lang string

const (
	Unknown Lang = ""      // nothing in the message says (numbers, "ok", "cni")
	French  Lang = "fr"    // French, or French with a stray English word
	English Lang = "en"    // English, or English with a stray French word
	Mixed   Lang = "fr-en" // French and English in comparable measure
)

// Valid reports whether l is a language a conversation can be held in.
func (l Lang) Valid() bool { return l == French || l == English }

// Result is what Detect found in one message.
type Result struct {
	Lang    Lang
	French  float64 // weight of the French evidence
	English float64 // weight of the English evidence
}

// mixedShare is how much of the evidence the minor language must carry,
// with at least two words of each, for a message to count as mixed.
const mixedShare = 0.25

// Detector detects languages with the built-in word lists and, for French,
// an extra vocabulary (the knowledge base's French words). It is
// immutable and safe for concurrent use.
type Detector struct {
	french map[string]bool
}

// NewDetector returns a detector that also reads the words of frenchTexts
// as French, except those the English list holds ("online", "email").
func NewDetector(frenchTexts ...string) *Detector {
	d := &Detector{french: map[string]bool{}}
	for _, text := range frenchTexts {
		for _, w := range words(text) {
			if w = fold(w); len(w) > 2 && englishWords[w] == 0 && !(neutralWords[w] > 0) && !isNumber(w) {
				d.french[w] = true
			}
		}
	}
	return d
}

func isNumber(w string) bool { return strings.Trim(w, "0123456789") == "" }

var builtin = &Detector{}

// Detect returns the language of text with the built-in word lists.
func Detect(text string) Result { return builtin.Detect(text) }

// Detect returns the language of text.
func (d *Detector) Detect(text string) Result {
	var r Result
	nFr, nEn := 0, 0
	for w, rest := nextWord(strings.ToLower(text)); w != ""; w, rest = nextWord(rest) {
		if hasFrenchAccent(w) {
			r.French++
			nFr++
			continue
		}
		w = fold(w)
		fr, en := frenchWords[w], englishWords[w]
		if fr <= 0 && en <= 0 && doubled(w) { // known(w), the lists read once
			w = undouble(w)
			fr, en = frenchWords[w], englishWords[w]
		}
		switch {
		case fr > 0:
			r.French += fr
			nFr++
		case en > 0:
			r.English += en
			nEn++
		case d.french[w]:
			r.French++
			nFr++
		}
	}
	r.Lang = decide(r.French, r.English, min(nFr, nEn))
	return r
}

// decide weighs the evidence; minorWords is how many words the language
// with fewer words gave.
func decide(fr, en float64, minorWords int) Lang {
	switch {
	case fr == 0 && en == 0:
		return Unknown
	case minorWords >= 2 && min(fr, en) >= mixedShare*(fr+en):
		return Mixed
	case en > fr:
		return English
	case fr > en:
		return French
	default:
		return Mixed // one word of each: "merci, thanks"
	}
}

// words splits text into words; apostrophes split too ("j'ai", "I'm").
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), notInWord)
}

func notInWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// nextWord returns the first word of s, as words splits it, and what
// follows it; "" when s has no more. Detect reads a message's words with
// it rather than with words, whose slice is garbage at once.
func nextWord(s string) (word, rest string) {
	start := strings.IndexFunc(s, func(r rune) bool { return !notInWord(r) })
	if start < 0 {
		return "", ""
	}
	s = s[start:]
	end := strings.IndexFunc(s, notInWord)
	if end < 0 {
		return s, ""
	}
	return s[:end], s[end:]
}

func hasFrenchAccent(w string) bool {
	return strings.ContainsAny(w, "éèêëàâçùûôîïœ")
}

var folder = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a",
	"ç", "c", "ù", "u", "û", "u", "ô", "o", "î", "i", "ï", "i", "œ", "oe")

func fold(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return folder.Replace(w)
		}
	}
	return w // ASCII, as most messages are: nothing to fold
}

// known returns w, or w with its doubled letters made single when only
// that form is listed: "mercii", "thankss", "helloo".
func known(w string) string {
	if frenchWords[w] > 0 || englishWords[w] > 0 || !doubled(w) {
		return w
	}
	return undouble(w)
}

// undouble returns w with each letter equal to the one before it dropped.
func undouble(w string) string {
	var b strings.Builder
	for i, r := range w {
		if i == 0 || r != rune(w[i-1]) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// doubled reports whether known would drop a letter of w: one equal to
// the byte before it. Words are valid UTF-8 (words maps what is not), so
// known rebuilds w as it is when it drops nothing.
func doubled(w string) bool {
	for i, r := range w {
		if i > 0 && r == rune(w[i-1]) {
			return true
		}
	}
	return false
}

// weighted builds a word list: each group of words has its weight; a word
// in two groups keeps the higher.
func weighted(groups map[float64]string) map[string]float64 {
	out := map[string]float64{}
	for weight, list := range groups {
		for _, w := range strings.Fields(list) {
			out[w] = max(out[w], weight)
		}
	}
	return out
}
