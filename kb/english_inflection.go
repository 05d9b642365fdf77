package kb

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// englishInflectionName is the token filter that undoes English
// inflections the French light stemmer leaves: "exchanged", "exchanging"
// and "exchange" must give one term, as "applied", "applies" and "apply",
// or "moving" and "move". It runs after the stop words and before the
// French stemmer, which then strips what the two languages share (a final
// "e" or "s", doubled letters), so each rule only has to bring an English
// form to what the stemmer makes of the base form:
//
//   - a consonant and a final "y" become "ie", the form of "-ies" and
//     "-ied" ("country" → "countrie", like "countries"): the stemmer then
//     joins "identity" with "identité" and "copy" with "copie";
//   - "-ied" becomes "ie" ("applied" → "applie");
//   - "-ing" and "-ed" are stripped from words long enough to be inflected,
//     a doubled final consonant made single ("stopped" → "stop") and the
//     "e" of a short syllable given back ("moving" → "move").
//
// French words rarely end so: "-ing" words are English loans ("parking")
// and get the same term whether a message or a paraphrase writes them, and
// words under five letters ("pied") are left alone.
const englishInflectionName = "guichet_en_inflection"

func init() {
	if err := registry.RegisterTokenFilter(englishInflectionName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return englishInflection{}, nil
	}); err != nil {
		panic(err)
	}
}

type englishInflection struct{}

func (englishInflection) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if b := americanSpelling(englishBase(string(t.Term))); b != string(t.Term) {
			t.Term = []byte(b)
		}
	}
	return in
}

// britishSpellings are the British spellings of words citizens use about
// their papers, with the American one both are read as (the "-ise" verbs
// once their inflection is undone: "realised" → "realise" → "realize").
// "Licence" is in synonyms.yaml, where it is read as "permis".
var britishSpellings = map[string]string{
	"realise": "realize", "organise": "organize", "recognise": "recognize", "authorise": "authorize",
	"apologise": "apologize", "finalise": "finalize", "prioritise": "prioritize", "summarise": "summarize",
	"colour": "color", "cheque": "check", "programme": "program", "enrol": "enroll", "enrolment": "enrollment",
	"favour": "favor", "neighbour": "neighbor", "behaviour": "behavior", "offence": "offense",
	"defence": "defense", "practise": "practice", "tyre": "tire", "catalogue": "catalog",
	"grey": "gray", "mum": "mom", "fulfil": "fulfill", "jewellery": "jewelry",
}

// americanSpelling returns the American spelling of w, plurals included.
func americanSpelling(w string) string {
	if us, ok := britishSpellings[w]; ok {
		return us
	}
	if base, ok := strings.CutSuffix(w, "s"); ok {
		if us, ok := britishSpellings[base]; ok {
			return us + "s"
		}
	}
	return w
}

// EnglishBaseForms returns the words an English inflected word may be a
// form of ("exchanged" → "exchang", "exchange"; "studies" → "study"), to
// look it up where base forms are listed (synonyms.yaml); nil when w is
// not inflected.
func EnglishBaseForms(w string) []string {
	b := englishBase(w)
	if b == w {
		return nil
	}
	if stem, ok := strings.CutSuffix(b, "ie"); ok {
		return []string{stem + "y"}
	}
	if strings.HasSuffix(b, "e") {
		return []string{b}
	}
	return []string{b, b + "e"}
}

// englishBase returns w with its English inflection undone, or w. w is a
// folded lower-case word.
func englishBase(w string) string {
	n := len(w)
	switch {
	case n < 4:
		return w
	case w[n-1] == 'y' && !isVowel(w[n-2]):
		return w[:n-1] + "ie"
	case n >= 5 && hasSuffix(w, "ied"):
		return w[:n-1]
	case n >= 6 && hasSuffix(w, "ing"):
		if b, ok := undoSuffix(w[:n-3]); ok {
			return b
		}
	case n >= 5 && hasSuffix(w, "ed") && !hasSuffix(w, "eed"):
		if b, ok := undoSuffix(w[:n-2]); ok {
			return b
		}
	}
	return w
}

// undoSuffix completes the stem left by "-ing" or "-ed": "stopp" → "stop",
// "mov" → "move", "declar" → "declare", "caus" → "cause" (the stemmer
// reads "-ar" and "-us" as French endings, "-are" and "-use" as English
// ones). A stem without a vowel is no stem ("string"): false.
func undoSuffix(stem string) (string, bool) {
	n := len(stem)
	if n < 3 || !hasVowel(stem) {
		return "", false
	}
	last := stem[n-1]
	switch {
	case last == stem[n-2] && !isVowel(last) && last != 'l' && last != 's' && last != 'z':
		return stem[:n-1], true
	case last == 'y' && !isVowel(stem[n-2]):
		return stem[:n-1] + "ie", true // "studying" like "studies"
	case n <= 4 && shortSyllable(stem),
		last == 'r' && stem[n-2] != 'e' && isVowel(stem[n-2]) && consonant(stem, n-3),
		last == 's' && isVowel(stem[n-2]):
		return stem + "e", true
	}
	return stem, true
}

// shortSyllable reports whether stem ends consonant-vowel-consonant, the
// last not w, x or y: the syllable whose "e" the suffix dropped ("mov",
// "tak", "stor").
func shortSyllable(stem string) bool {
	n := len(stem)
	c1, v, c2 := stem[n-3], stem[n-2], stem[n-1]
	return !isVowel(c1) && isVowel(v) && !isVowel(c2) && c2 != 'w' && c2 != 'x' && c2 != 'y'
}

// consonant reports whether stem[i] is a consonant, the "u" of "qu"
// included ("requir" is "require" less its "e", like "declar").
func consonant(stem string, i int) bool {
	return !isVowel(stem[i]) || stem[i] == 'u' && i > 0 && stem[i-1] == 'q'
}

func hasSuffix(w, s string) bool { return len(w) >= len(s) && w[len(w)-len(s):] == s }

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

func hasVowel(s string) bool {
	for i := 0; i < len(s); i++ {
		if isVowel(s[i]) || s[i] == 'y' {
			return true
		}
	}
	return false
}
