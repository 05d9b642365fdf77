package match

import (
	"math"

	"github.com/guichet/guichet/kb"
)

// Features are the signals the confidence is computed from.
type Features struct {
	Coverage float64 // IDF-weighted share of the message's terms the entry knows (unknown terms weigh the most)
	Known    float64 // IDF-weighted share of the terms the KB knows that the entry knows
	Mass     float64 // IDF mass of the terms the entry knows, over the largest IDF
	Ratio    float64 // score of the next rival / score of this one (1 when a rival leads; see standing)
	Behind   float64 // when a rival leads: 1 - score / that rival's score
	Unknown  float64 // share of terms no entry knows
	Terms    int     // analysed terms in the message
	// ParaCoverage is the IDF-weighted share of the message's terms found
	// in the entry's best-matching paraphrase; ParaPrecision the share of
	// that paraphrase's terms found in the message. Together they say
	// "the person wrote nearly this paraphrase".
	ParaCoverage, ParaPrecision float64
	// OtherDocument is 1 when the message names a document (permis, carte
	// grise, carte d'identité, passeport) and the entry is about others only.
	OtherDocument float64
	// Unnamed is 1 when the message names no document and the entry is
	// about one: it shares only the procedure's everyday words with it.
	Unnamed float64
	// ParaWeight is ParaPrecision weighted by IDF: the share of the best
	// paraphrase's distinctive words the message holds. A question about
	// a procedure the KB lacks often shares a paraphrase's everyday words
	// ("changement ... carte grise") but not the one that names it
	// ("titulaire").
	ParaWeight float64
	// Class is the cosine of the message with the entry's centroid in the
	// KB's text classifier (see classifier); ClassMargin its lead over the
	// best other entry's (negative when another leads).
	Class, ClassMargin float64
	// Linear is the entry's score in the discriminative classifier (see
	// linear), LinearMargin its lead over the best other entry's
	// (negative when another leads).
	Linear, LinearMargin float64
}

// Model is the logistic model over Features: its weights are data, in the
// KB's model file (kb.ModelFile), fitted by package kb/fit.
type Model = kb.Weights

// NumFeatures is the length of Vector.
const NumFeatures = 16

// Vector lays the features out in the order of Weights.
func (f Features) Vector() [NumFeatures]float64 {
	return [NumFeatures]float64{f.Coverage, f.Known, min(f.Mass, 3), 1 - f.Ratio, f.Behind, f.Unknown,
		math.Log1p(float64(f.Terms)), f.ParaCoverage, f.ParaPrecision, f.OtherDocument, f.Unnamed, f.ParaWeight, f.Class, f.ClassMargin, f.Linear, f.LinearMargin}
}

// Weights lays m's feature weights out in the order of Vector.
func Weights(m Model) [NumFeatures]float64 {
	return [NumFeatures]float64{m.Coverage, m.Known, m.Mass, m.Margin, m.Behind, m.Unknown, m.Length,
		m.ParaCoverage, m.ParaPrecision, m.OtherDocument, m.Unnamed, m.ParaWeight, m.Class, m.ClassMargin, m.Linear, m.LinearMargin}
}

// ModelOf builds a model from a bias and weights in the order of Vector.
func ModelOf(b float64, w [NumFeatures]float64) Model {
	return Model{Bias: b, Coverage: w[0], Known: w[1], Mass: w[2], Margin: w[3], Behind: w[4], Unknown: w[5],
		Length: w[6], ParaCoverage: w[7], ParaPrecision: w[8], OtherDocument: w[9], Unnamed: w[10], ParaWeight: w[11],
		Class: w[12], ClassMargin: w[13], Linear: w[14], LinearMargin: w[15]}
}

// Confidence is the probability, under m, that the entry with features f
// is the right answer.
func Confidence(m Model, f Features) float64 {
	z := m.Bias
	x, w := f.Vector(), Weights(m)
	for i := range x {
		z += x[i] * w[i]
	}
	return 1 / (1 + math.Exp(-z))
}
