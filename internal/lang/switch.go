package lang

import (
	"strings"
	"unicode"
)

// Requested returns the language a message asks the conversation to be
// held in ("in English please", "en français svp", "do you speak
// english?", "I don't speak French"), and false when it asks for none. Only
// short messages made of such a request count: "I lost my English
// licence" names a language but asks nothing of the kind.
func Requested(text string) (Lang, bool) {
	if !fewWords(text, maxRequestWords) {
		return Unknown, false // most messages: not worth splitting
	}
	ws := words(text)
	if len(ws) == 0 || len(ws) > maxRequestWords {
		return Unknown, false
	}
	for i := range ws {
		ws[i] = fold(ws[i])
	}
	english, french := false, false
	for i, w := range ws {
		l, isName := languageNames[w]
		if isName && negated(ws, i) {
			l = other(l) // "I don't speak French", "my french is bad"
		}
		switch {
		case isName && l == English:
			english = true
		case isName:
			french = true
		case !requestWords[w] && !negations[w]:
			return Unknown, false
		}
	}
	switch {
	case english && !french:
		return English, true
	case french && !english:
		return French, true
	}
	return Unknown, false
}

// fewWords reports whether text has at most n words as words splits it.
func fewWords(text string, n int) bool {
	count, in := 0, false
	for _, r := range text {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r)
		if letter && !in {
			if count++; count > n {
				return false
			}
		}
		in = letter
	}
	return true
}

// maxRequestWords bounds a request: longer messages are questions.
const maxRequestWords = 14

func other(l Lang) Lang {
	if l == English {
		return French
	}
	return English
}

// negated reports whether a negation stands within three words of the
// language name at i.
func negated(ws []string, i int) bool {
	for j := max(0, i-3); j < min(len(ws), i+4); j++ {
		if negations[ws[j]] {
			return true
		}
	}
	return false
}

var languageNames = map[string]Lang{
	"english": English, "anglais": English, "anglaise": English, "inglese": English, "ingles": English,
	"french": French, "francais": French, "francaise": French,
}

var negations = set("not don dont t cant cannot isn pas bad poor mal badly little peu")

var requestWords = set("in please pls plz can could you we i speak talk write answer reply respond " +
	"continue switch to language do does is it possible ok okay hello hi hey thanks thank yes sorry my " +
	"very good understand prefer would like want only just rather instead there who " +
	"speaks here the a an me us en svp stp s il vous plait parlez parler parle pouvez peux pourriez " +
	"repondre ecrire continuer est ce que c on peut je ne comprends bien tres merci bonjour oui " +
	"desole plutot mon ma langue version mode de passer y a t parlant tu parles")

func set(list string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(list) {
		out[w] = true
	}
	return out
}
