package match

import (
	"math"
	"testing"

	"github.com/guichet/guichet/kb"
)

func TestDocumentsOf(t *testing.T) {
	for text, want := range map[string]docSet{
		"j'ai perdu mon permis":              docLicence,
		"la carte grise de ma moto":          docRegistration,
		"carte d'identité et passeport":      docIDCard | docPassport,
		"mon compte ANTS est bloqué":         0,
		"permis de conduire pour ma voiture": docLicence | docRegistration,
	} {
		if got := documentsOf(kb.Analyze(text)); got != want {
			t.Errorf("documentsOf(%q) = %04b, want %04b", text, got, want)
		}
	}
}

func TestEntryDocuments(t *testing.T) {
	m, err := NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]docSet{
		"permis.perte":      docLicence,
		"civ.duplicata":     docRegistration,
		"passeport.demande": docPassport,
		"dossier.anomalie":  0, // about every kind of request: conflicts with none
		"smalltalk.merci":   0,
	} {
		if got := m.docs[id]; got != want {
			t.Errorf("documents of %s = %04b, want %04b", id, got, want)
		}
	}
	if got := entryDocuments(map[docSet]int{docLicence: 5, docRegistration: 2}, 10); got != docLicence {
		t.Errorf("a document named by a fifth of the paraphrases counts: %04b", got)
	}
}

// A hit is measured against its rivals only: not its decision tree's root
// or branches, and not entries about another document than the one the
// message names.
func TestStanding(t *testing.T) {
	m := &Matcher{
		family: map[pair]bool{{"permis.refaire", "permis.vol"}: true, {"permis.vol", "permis.refaire"}: true},
		docs: map[string]docSet{"permis.refaire": docLicence, "permis.vol": docLicence,
			"passeport.perte-vol": docPassport, "compte.connexion": 0},
	}
	hits := []kb.Hit{{Entry: "passeport.perte-vol", Score: 16}, {Entry: "permis.refaire", Score: 12},
		{Entry: "permis.vol", Score: 10}, {Entry: "compte.connexion", Score: 4}}
	for _, tt := range []struct {
		named         docSet
		i             int
		ratio, behind float64
	}{
		{docLicence, 2, 0.4, 0},       // leads compte.connexion; its root and the passport do not count
		{docLicence, 1, 4.0 / 12, 0},  // the root, likewise
		{docLicence, 0, 12.0 / 16, 0}, // the passport entry still measures itself against the rest
		{docLicence, 3, 1, 1 - 4.0/12},
		{0, 2, 1, 1 - 10.0/16}, // no document named: the passport entry is a rival
	} {
		ratio, behind := m.standing(hits, tt.i, tt.named)
		if math.Abs(ratio-tt.ratio) > 1e-9 || math.Abs(behind-tt.behind) > 1e-9 {
			t.Errorf("standing(%s, named %b) = %.3f, %.3f, want %.3f, %.3f", hits[tt.i].Entry, tt.named, ratio, behind, tt.ratio, tt.behind)
		}
	}
}

func TestDocumentFeatures(t *testing.T) {
	m := &Matcher{docs: map[string]docSet{"permis.perte": docLicence, "civ.duplicata": docRegistration,
		"titre.refaire": docIDCard | docPassport | docLicence, "compte.connexion": 0}}
	for _, tt := range []struct {
		named          docSet
		entry          string
		other, unnamed float64
	}{
		{docLicence, "permis.perte", 0, 0},
		{docLicence, "civ.duplicata", 1, 0},
		{docLicence | docRegistration, "civ.duplicata", 0, 0},
		{docPassport, "titre.refaire", 0, 0},
		{docPassport, "compte.connexion", 0, 0},
		{0, "permis.perte", 0, 1},
		{0, "titre.refaire", 0, 1},
		{0, "compte.connexion", 0, 0},
	} {
		other, unnamed := m.documentFeatures(tt.named, tt.entry)
		if other != tt.other || unnamed != tt.unnamed {
			t.Errorf("documentFeatures(%b, %s) = %v, %v, want %v, %v", tt.named, tt.entry, other, unnamed, tt.other, tt.unnamed)
		}
	}
}
