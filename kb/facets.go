package kb

// Facets are the usual sub-questions of a procedure that an entry can
// answer on their own: a citizen who asks "c'est payant ?" gets the cost,
// with the full answer one tap away.
const (
	FacetCost      = "cout"         // price, fee, free or not
	FacetDelay     = "delai"        // how long it takes
	FacetDocuments = "pieces"       // documents to provide
	FacetHow       = "demarche"     // where and how to do it
	FacetValidity  = "validite"     // how long the document stays valid
	FacetMeanwhile = "en-attendant" // may I drive or travel meanwhile
	FacetWho       = "qui"          // who may do it, for whom
)

// FacetNames lists the facets in the order buttons offer them.
var FacetNames = []string{FacetCost, FacetDelay, FacetDocuments, FacetHow, FacetValidity, FacetMeanwhile, FacetWho}

// FacetLabels are the facets' button titles (at most MaxLabel characters).
var FacetLabels = map[string]string{
	FacetCost:      "Prix",
	FacetDelay:     "Délai",
	FacetDocuments: "Pièces à fournir",
	FacetHow:       "Comment faire",
	FacetValidity:  "Validité",
	FacetMeanwhile: "En attendant",
	FacetWho:       "Qui peut le faire",
}

// ValidFacet reports whether name is one of FacetNames.
func ValidFacet(name string) bool {
	_, ok := FacetLabels[name]
	return ok
}

// Slots are what a conversation remembers of what the citizen said; a
// choice's `when` names the slot values it stands for, so that a choice
// whose answer is already known is skipped.
const (
	SlotDocument = "document"  // permis, carte-grise, cni, passeport
	SlotVehicle  = "vehicule"  // voiture, moto, scooter, camping-car, utilitaire, remorque, quad, voiturette, trottinette
	SlotNew      = "etat"      // neuf, occasion
	SlotZone     = "zone"      // where a foreign licence or vehicle comes from: ue, hors-ue
	SlotFor      = "pour"      // adulte, mineur-15-17, moins-15
	SlotEvent    = "evenement" // perte, vol, deterioration
	SlotPlace    = "lieu"      // france, etranger: where the citizen is
	// SlotResidence is where the citizen lives, when they say they live
	// abroad ("j'habite à Montréal depuis 5 ans"): an expatriate's licence
	// is no licence lost on a trip.
	SlotResidence = "residence" // etranger
)

// SlotValues lists the values each slot can take.
var SlotValues = map[string][]string{
	SlotDocument:  {"permis", "carte-grise", "cni", "passeport"},
	SlotVehicle:   {"voiture", "moto", "scooter", "camping-car", "utilitaire", "remorque", "quad", "voiturette", "trottinette"},
	SlotNew:       {"neuf", "occasion"},
	SlotZone:      {"ue", "hors-ue"},
	SlotFor:       {"adulte", "mineur-15-17", "moins-15"},
	SlotEvent:     {"perte", "vol", "deterioration"},
	SlotPlace:     {"france", "etranger"},
	SlotResidence: {"etranger"},
}

// Unverified is a fact an editor must confirm on an official page before it
// may be told to citizens: it is kept out of the answers meanwhile, and
// 'guichet kb check --unverified' lists it.
type Unverified struct {
	Fact   string // the fact as read, with its figure
	Source string // where it was read (often a third-party page)
	Line   int
}

// ShortTitle is the entry's button title: Short, else Title when it fits.
func (e *Entry) ShortTitle() string {
	if e.Short != "" {
		return e.Short
	}
	return e.Title
}

// Facet returns the text of facet name, or "" when the entry has none.
func (e *Entry) Facet(name string) string { return e.Facets[name] }
