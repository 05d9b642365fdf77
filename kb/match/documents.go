package match

import "github.com/guichet/guichet/kb"

// docSet is a set of the documents the agency issues. Naming one document
// and being answered about another is the matcher's costliest mistake
// ("duplicata de permis" answered with the registration certificate's
// duplicate), so the model sees it as a feature of its own.
type docSet uint8

const (
	docLicence      docSet = 1 << iota // permis de conduire
	docRegistration                    // carte grise, and the vehicle it is for
	docIDCard                          // carte d'identité
	docPassport                        // passeport
	docAll
)

// documentWords name each document. A message naming none of them (most
// account, contact and small-talk questions) conflicts with no entry.
var documentWords = []struct {
	doc   docSet
	words string
}{
	{docLicence, "permis licence license"},
	{docRegistration, "grise immatriculation voiture vehicule moto scooter registration vehicle"},
	{docIDCard, "identite identity"},
	{docPassport, "passeport passport"},
}

// documentTerms maps analysed terms to the document they name.
var documentTerms = func() map[string]docSet {
	out := map[string]docSet{}
	for _, d := range documentWords {
		for _, t := range kb.Analyze(d.words) {
			out[t] |= d.doc
		}
	}
	return out
}()

// documentsOf returns the documents analysed terms name.
func documentsOf(terms []string) docSet {
	var s docSet
	for _, t := range terms {
		s |= documentTerms[t]
	}
	return s
}

// entryDocuments says what an entry is about from how many of its n
// paraphrases name each document: a document named by at least a quarter
// of them. An entry about every kind of request ("dossier bloqué") names
// each too rarely and conflicts with nothing.
func entryDocuments(named map[docSet]int, n int) docSet {
	var s docSet
	for d, c := range named {
		if n > 0 && 4*c >= n {
			s |= d
		}
	}
	return s
}

// documentNames are the kb.SlotDocument values of each document.
var documentNames = []struct {
	doc  docSet
	name string
}{{docLicence, "permis"}, {docRegistration, "carte-grise"}, {docIDCard, "cni"}, {docPassport, "passeport"}}

// Documents returns the documents an entry is about, as kb.SlotDocument
// values ("permis", "carte-grise", "cni", "passeport"); none for an entry
// about no document in particular.
func (m *Matcher) Documents(entry string) []string {
	var out []string
	for _, d := range documentNames {
		if m.docs[entry]&d.doc != 0 {
			out = append(out, d.name)
		}
	}
	return out
}
