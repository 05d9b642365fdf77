package kb

import "strings"

// SMS expands spellings that are not elisions, so the analyzer cannot undo
// them, for messages and paraphrases alike. An empty value drops the word
// (politeness says nothing about the question). Keys are folded,
// lower-case whole words; values may hold several words. Short keys are
// listed only when they cannot be another French word in this domain.
var SMS = map[string]string{
	"jai": "j'ai", "g": "j'ai", "jsui": "je suis", "jsuis": "je suis", "chui": "je suis", "chuis": "je suis",
	"cest": "c'est", "ya": "il y a", "yen": "il y en", "ny": "n'y",
	"stp": "", "svp": "", "plz": "", "stpl": "", "pk": "pourquoi", "pq": "pourquoi",
	"pourkoi": "pourquoi", "pr": "pour", "bcp": "beaucoup", "jsp": "je ne sais pas",
	"tjrs": "toujours", "tjs": "toujours", "qd": "quand", "qnd": "quand", "ds": "dans",
	"kel": "quel", "kelle": "quelle", "koi": "quoi", "ke": "que", "ki": "qui", "dc": "donc",
	"vs": "vous", "ns": "nous", "tt": "tout", "pb": "probleme", "pbm": "probleme", "pblm": "probleme",
	"msg": "message", "slt": "salut", "bjr": "bonjour", "bsr": "bonsoir", "cc": "coucou",
	"mrc": "merci", "mci": "merci", "dsl": "desole", "jveux": "je veux", "jvoudrais": "je voudrais",
	"jpeux": "je peux", "jpx": "je peux", "jcomprend": "je comprends", "jcomprends": "je comprends",
	"jarrive": "j'arrive", "jattend": "j'attends", "jattends": "j'attends", "jaimerais": "j'aimerais",
	"jvais": "je vais", "chai": "je sais", "mtn": "maintenant", "auj": "aujourd'hui",
	"ajd": "aujourd'hui", "nn": "non", "wi": "oui", "ouais": "oui",
	"vla": "voila", "qq": "quelque", "qqn": "quelqu'un", "qqch": "quelque chose",
	"oqp": "occupe", "tkt": "ne t'inquiete pas", "pkoi": "pourquoi",
	"jen": "j'en", "jy": "j'y", "occaz": "occasion", "mdr": "", "lol": "", "ptdr": "",
}

// Compounds joins or spells out, in folded text, what the word splitter
// would otherwise cut wrongly: "pré-demande" is one notion, and its "pre"
// must not meet the stem of "près"; "a+" is a goodbye, not "a".
var Compounds = strings.NewReplacer(compounds...)

// compounds are the pairs of Compounds: pattern, replacement.
var compounds = []string{
	"pre-demande", " predemande ", "pre demande", " predemande ",
	"a+", " a plus ", "@+", " a plus ", "34 00", " 3400 ",
}

// JoinCompounds is Compounds.Replace(s), without the replacer's pass over
// every byte when s holds none of its patterns, as most messages do.
func JoinCompounds(s string) string {
	for i := 0; i < len(compounds); i += 2 {
		if strings.Contains(s, compounds[i]) {
			return Compounds.Replace(s)
		}
	}
	return s
}
