package privacy_test

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/privacy"
)

// identifier is something a citizen may write that must never reach a log,
// a statistic or an export that does not need it.
type identifier struct {
	kind  string // what it is, for failure messages
	value string // as the citizen writes it
	label string // what replaces it
}

// identifiers is the table shared by the masking tests: Mask's own test
// and the end-to-end flows of flows_test.go.
var identifiers = []identifier{
	// Mobile and landline numbers, every common spelling.
	{"mobile", "06 12 34 56 78", privacy.LabelPhone},
	{"mobile", "0612345678", privacy.LabelPhone},
	{"mobile", "07.81.22.33.44", privacy.LabelPhone},
	{"mobile", "06-98-76-54-32", privacy.LabelPhone},
	{"mobile", "06 12 34 56 78", privacy.LabelPhone}, // no-break spaces
	{"mobile", "+33 6 12 34 56 78", privacy.LabelPhone},
	{"mobile", "+33612345678", privacy.LabelPhone},
	{"mobile", "+33 (0)6 12 34 56 78", privacy.LabelPhone},
	{"mobile", "+33 06 12 34 56 78", privacy.LabelPhone},
	{"mobile", "0033 6 12 34 56 78", privacy.LabelPhone},
	{"mobile", "0033612345678", privacy.LabelPhone},
	{"landline", "01 42 75 80 00", privacy.LabelPhone},
	{"landline", "04.91.55.66.77", privacy.LabelPhone},
	{"landline", "0559123456", privacy.LabelPhone},
	{"landline", "+33 1 42 75 80 00", privacy.LabelPhone},
	{"abroad", "+32 470 12 34 56", privacy.LabelPhone},
	// E-mail addresses.
	{"email", "jean.dupont@gmail.com", privacy.LabelEmail},
	{"email", "marie-claire.martin+ants@orange.fr", privacy.LabelEmail},
	{"email", "J.Durand75@Wanadoo.FR", privacy.LabelEmail},
	{"email", "élodie.lefèvre@laposte.net", privacy.LabelEmail},
	{"email", "paul_92@free.fr", privacy.LabelEmail},
	{"email", "jean.dupont (at) gmail.com", privacy.LabelEmail},
	// SIV plates (since 2009).
	{"plate", "AB-123-CD", privacy.LabelPlate},
	{"plate", "AB 123 CD", privacy.LabelPlate},
	{"plate", "ab123cd", privacy.LabelPlate},
	{"plate", "AB123CD", privacy.LabelPlate},
	{"plate", "ab-123-cd", privacy.LabelPlate},
	{"plate", "gh 456 jk", privacy.LabelPlate},
	{"plate", "FX 812 ZB", privacy.LabelPlate},
	// FNI plates (before 2009).
	{"old plate", "1234 AB 75", privacy.LabelPlate},
	{"old plate", "123 ABC 2A", privacy.LabelPlate},
	{"old plate", "4567 XY 13", privacy.LabelPlate},
	{"old plate", "789 TRE 974", privacy.LabelPlate},
	{"old plate", "56 ab 69", privacy.LabelPlate},
	{"old plate", "1234-AB-75", privacy.LabelPlate},
	// ANTS request and file numbers: their shape varies by procedure.
	{"request", "21A0123456789", privacy.LabelID},
	{"request", "ANTS-2025-0012345", privacy.LabelID},
	{"request", "PD2025031512345", privacy.LabelID},
	{"request", "1A2B3C4D5E", privacy.LabelID},
	{"request", "2025-123-456789", privacy.LabelID},
	{"request", "21 AB 12345", privacy.LabelID},
	{"request", "a1b2c3d4e5f6", privacy.LabelID},
	{"request", "25PA123456", privacy.LabelID},
	// NEPH: 12 digits, often grouped.
	{"neph", "123456789012", privacy.LabelID},
	{"neph", "1234 5678 9012", privacy.LabelID},
	{"neph", "12 34 56 78 90 12", privacy.LabelID},
	{"neph", "061234567890", privacy.LabelID},
	{"neph", "06 12 34 56 78 90", privacy.LabelID},
	{"neph", "120375001234", privacy.LabelID},
	// Other long runs of digits: a timbre fiscal, a card number.
	{"digits", "1234 5678 9012 3456", privacy.LabelID},
	{"digits", "98765432", privacy.LabelID},
	{"digits", "12-34-56-78-90", privacy.LabelID},
}

// sentences put each identifier in the kind of text people write.
var sentences = []string{
	"%s",
	"mon numéro : %s, merci",
	"Bonjour, c'est %s.",
	"(%s)",
	"vous pouvez me joindre au %s ou par mail",
	"le dossier %s est bloqué depuis le 12/03/2025",
}

func TestMaskHidesIdentifiers(t *testing.T) {
	for _, id := range identifiers {
		for _, pattern := range sentences {
			in := strings.Replace(pattern, "%s", id.value, 1)
			got := privacy.Mask(in)
			if leak := leaked(got, id.value); leak != "" {
				t.Errorf("%s: Mask(%q) = %q: %q is still there", id.kind, in, got, leak)
			}
			if !strings.Contains(got, id.label) {
				t.Errorf("%s: Mask(%q) = %q, want it labelled %s", id.kind, in, got, id.label)
			}
		}
	}
}

// leaked returns the part of id that survived in out: the identifier
// itself, or its digits run together when the separators were changed.
func leaked(out, id string) string {
	if strings.Contains(out, id) {
		return id
	}
	digits := onlyDigits(id)
	if len(digits) >= 6 && strings.Contains(onlyDigits(out), digits) {
		return digits
	}
	return ""
}

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// ordinary is French a citizen or the bot writes that holds nothing to mask.
var ordinary = []string{
	"Le timbre fiscal coûte 86 € pour un passeport, 25 € en cas de perte.",
	"Le timbre coûte 86,00 € ou 17 €.",
	"J'ai 17 ans et demi, je passe le permis B en 2026.",
	"Mon fils a 12 ans, ma fille 15.",
	"Je suis né en 1987 et j'ai eu mon permis en 2005.",
	"Le rendez-vous est le 12/03/2025 à 14h30.",
	"Rendez-vous le 12.03.2025 ou le 2025-03-12, sinon le 03/04/25.",
	"Horaires : de 8h30 à 12h00 puis 13h30-17h00.",
	"Selon l'article 12 et l'article R. 221-1 du code de la route.",
	"Le formulaire cerfa 13750*07 est en ligne.",
	"Le permis B, le permis A2 et la catégorie BE.",
	"Appelez le 34 00 (service gratuit + prix d'un appel).",
	"Je roule à 130 km/h sur autoroute, de 150 km par jour.",
	"Le 112 et le 17 sont des numéros d'urgence.",
	"J'attends depuis 2 ans 10 mois.",
	"Du 12 au 15 mai, puis le 3 mai 25.",
	"Mon code postal est 75015, j'habite au 12 bis rue de la Paix.",
	"Entre 2020 et 2025, puis 2025-2026.",
	"Délai de 3 à 4 semaines, 15 jours ouvrés, 2 mois.",
	"Une amende de 135 € ou 90 € minorée, retrait de 3 points.",
	"Votre code de 16 chiffres ou un QR code.",
	"Il me reste 6 points sur 12.",
	"Le dossier est passé de l'étape 2 à l'étape 3.",
	"Erreur 500 sur le site, puis erreur 404.",
	"La version 1.26.3 du navigateur, Windows 10, iPhone 15.",
	"Sur 1 200 demandes, 86 % traitées.",
	"conv web:3f9a0c5e1b7d4a2f8e6c0b1d9a7f3e5c ticket 9b2d1c0e8f7a6b5c4d3e2f1a0b9c8d7e",
	"client 550e8400-e29b-41d4-a716-446655440000 at 2026-06-08T10:00:00Z",
	"listening on 127.0.0.1:8080, redis 192.168.100.200:6379",
	"Bonjour, je voudrais renouveler ma carte d'identité.",
	"Mon permis a été volé le 1er mars, j'ai porté plainte.",
}

func TestMaskKeepsOrdinaryFrench(t *testing.T) {
	for _, s := range ordinary {
		if got := privacy.Mask(s); got != s {
			t.Errorf("Mask(%q) = %q; want it unchanged", s, got)
		}
	}
}

func TestMaskKeepsTheRestOfTheSentence(t *testing.T) {
	in := "Bonjour, mon dossier ANTS-2025-0012345 pour AB-123-CD, joignable au 06 12 34 56 78 ou jean.dupont@gmail.com, né en 1987."
	want := "Bonjour, mon dossier [numéro] pour [immatriculation], joignable au [téléphone] ou [email], né en 1987."
	if got := privacy.Mask(in); got != want {
		t.Fatalf("Mask(%q)\n = %q\nwant %q", in, got, want)
	}
}

func BenchmarkMask(b *testing.B) {
	inputs := map[string]string{
		"no digits":   "handoff: ticket claimed by an agent, the citizen is told",
		"ordinary":    "Le timbre coûte 86 € ; rendez-vous le 12/03/2025 à 14h30, article 12.",
		"identifiers": "Dossier ANTS-2025-0012345, véhicule AB-123-CD, tél 06 12 34 56 78, jean.dupont@gmail.com",
		"message": "Bonjour, j'ai fait ma demande de permis il y a 3 mois (numéro 21A0123456789) et " +
			"depuis le 12/03/2025 le site affiche une erreur. Mon NEPH est 1234 5678 9012, " +
			"vous pouvez me rappeler au 07 81 22 33 44. Merci d'avance.",
	}
	for name, in := range inputs {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				privacy.Mask(in)
			}
		})
	}
}
