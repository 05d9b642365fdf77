package privacy

import "strings"

// words are the short French words, abbreviations and units that, written
// in lower case between numbers, look like the letters of a plate: "de
// 150 km", "2 ans 10", "du 12 au 15", "le 3 mai 25". A plate written in
// lower case with spaces whose letters are one of these is taken for
// prose; in upper case, or with dashes, it is still masked.
var words = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		ai as au aux ce ces cet de des du en es et eu il je la le les ma me
		mes mon ne ni nos on ont ou par pas qu que qui sa se ses si son sur ta
		te tes ton tu un une va vos vu ici car est mai
		an ans jan fev mar avr jun jul aou sep oct nov dec
		hr hrs min mn sec ms jr jrs km cm mm kg mg ml cl dl
		eur ht ttc pts pt nb no num rue bis ter bd av ch st fr
		fois env max vs or and the to of for per by`) {
		words[w] = true
	}
}

// isWord reports whether letters, whatever their case, is one of words.
func isWord(letters string) bool { return words[strings.ToLower(letters)] }
