package match

import (
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
