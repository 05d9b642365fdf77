package quality

import (
	"strings"
	"time"
)

// Kinds lists every fact kind, in the order of quality.go.
var Kinds = []Kind{KindConversation, KindAnswer, KindClarify, KindFallback, KindHandoff, KindPickup,
	KindFirstReply, KindResolved, KindHelpful, KindRating, KindComment, KindIncident}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// Procedures lists the survey's procedures in the order the dashboard
// shows them.
var Procedures = []string{ProcPermis, ProcImmatriculation, ProcCNI, ProcPasseport, ProcAutre}

// Reference2020 is the agency's 2020 satisfaction survey: the share of
// satisfied users, overall ("" key) and by procedure. "autre" was not
// surveyed.
var Reference2020 = map[string]float64{
	"":                  0.79,
	ProcImmatriculation: 0.72,
	ProcPermis:          0.75,
	ProcPasseport:       0.86,
	ProcCNI:             0.81,
}

// DefaultRetention is how long facts are kept when the stores are given
// no retention (quality.retention's default).
const DefaultRetention = 90 * 24 * time.Hour

// procedureWords recognise a procedure in what a person or a menu calls
// it ("Permis de conduire", "carte grise", "CNI"), accents removed.
var procedureWords = []struct{ word, proc string }{
	{"permis", ProcPermis},
	{"immatriculation", ProcImmatriculation},
	{"carte grise", ProcImmatriculation},
	{"certificat d immatriculation", ProcImmatriculation},
	{"vehicule", ProcImmatriculation},
	{"passeport", ProcPasseport},
	{"carte d identite", ProcCNI},
	{"carte nationale", ProcCNI},
	{"cni", ProcCNI},
}

// ParseProcedure recognises a procedure from a code ("cni") or a label
// ("Carte nationale d'identité"); ok is false when nothing matches, so
// that the caller can fall back to ProcedureOf(entry).
func ParseProcedure(s string) (proc string, ok bool) {
	n := " " + Normalize(s) + " "
	for _, p := range Procedures {
		if n == " "+p+" " {
			return p, true
		}
	}
	for _, w := range procedureWords {
		if strings.Contains(n, " "+w.word+" ") {
			return w.proc, true
		}
	}
	return "", false
}
