package qualitytest

import (
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
)

// KnownIncidents is a week of incident reports (1 to 7 June 2026, Paris
// time), with reports just outside the week, one report without a ticket
// (no hand-off: 'guichet chat'), a hand-off fact that must not be taken
// for a report, a procedure given as the form's label, identifiers to
// mask and a cell a spreadsheet would read as a formula. The golden
// exports are quality/testdata/incidents.csv and .json.
func KnownIncidents() []quality.Fact {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	at := func(d, h, m, s int) time.Time { return time.Date(2026, 6, d, h, m, s, 0, paris) }
	web := func(s string) guichet.ConversationID { return guichet.NewConversationID(guichet.ChannelWeb, s) }
	fb := guichet.NewConversationID(guichet.ChannelMessenger, "6151234")
	incident := func(t time.Time, c guichet.ConversationID, ticket string, fields map[string]string) quality.Fact {
		return quality.Fact{Time: t, Kind: quality.KindIncident, Channel: c.Channel(), Conversation: c,
			Entry: "dossier.anomalie", Procedure: quality.ProcAutre, Fields: fields, Ticket: ticket}
	}
	handoff := func(t time.Time, c guichet.ConversationID, ticket string) quality.Fact {
		return quality.Fact{Time: t, Kind: quality.KindHandoff, Channel: c.Channel(), Conversation: c,
			Reason: "incident", Ticket: ticket}
	}
	return []quality.Fact{
		incident(at(1, 0, 0, 0).Add(-time.Second), web("before"), "T-before", map[string]string{"procedure": "permis", "consent": "oui"}),
		incident(at(2, 9, 15, 0), web("alice"), "T-permis", map[string]string{"procedure": "Permis de conduire",
			"request_number": "21AB12345", "consent": "oui",
			"site_message": "Erreur : dossier bloqué, rappelez-moi au 06 12 34 56 78 ou alice@example.fr"}),
		handoff(at(2, 9, 15, 1), web("alice"), "T-permis"),
		incident(at(3, 18, 40, 0), fb, "T-immat", map[string]string{"procedure": "Carte grise", "consent": "oui",
			"site_message": `=HYPERLINK("http://exemple.invalid","Cliquez")`}),
		handoff(at(3, 18, 40, 0).Add(500*time.Millisecond), web("someone-else"), "T-other"),
		incident(at(5, 11, 0, 0), web("carol"), "", map[string]string{"procedure": "Carte nationale d'identité",
			"request_number": "123456789012", "consent": "oui",
			"site_message": "La page affiche « Votre demande est en cours d'instruction », depuis 3 mois"}),
		incident(at(6, 16, 0, 0), web("dan"), "T-direct", map[string]string{"procedure": "passeport",
			"request_number": "PA2026060012", "site_message": "Rendez-vous introuvable", "consent": "oui"}),
		incident(at(8, 0, 0, 0), web("after"), "T-after", map[string]string{"procedure": "cni", "consent": "oui"}),
	}
}
