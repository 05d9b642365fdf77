package match

import (
	"fmt"
	"io"
	"math"
)

// DefaultModel was fitted with
// 'guichet eval --fit --kb-holdout 5 testdata/eval/cases.jsonl' on the
// repository's KB (the labelled cases plus every fifth KB paraphrase held
// out of the index); refit after large KB changes and paste the printed
// weights here. testdata/eval/heldout.jsonl is never used for fitting.
var DefaultModel = Model{Bias: -5.150, Coverage: 1.284, Known: 2.045, Mass: 0.610, Margin: 1.804, Behind: -4.804, Unknown: 0.401, Length: 0.208, ParaCoverage: -0.165, ParaPrecision: 1.476, OtherDocument: -2.059, Unnamed: -0.597}

// Example is a labelled candidate: was this entry the right answer?
type Example struct {
	F     Features
	Right bool
}

// Fit fits a logistic model by gradient descent with a small L2 penalty.
// The data sets are a few thousand examples of five features: plain batch
// descent converges in well under a second.
func Fit(examples []Example) Model {
	var w [nFeatures]float64
	var b float64
	const rate, l2, rounds = 0.5, 1e-3, 4000
	n := float64(len(examples))
	for r := 0; r < rounds && n > 0; r++ {
		var gw [nFeatures]float64
		var gb float64
		for _, e := range examples {
			x := e.F.vector()
			z := b
			for i := range x {
				z += w[i] * x[i]
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if e.Right {
				y = 1
			}
			for i := range x {
				gw[i] += (p - y) * x[i]
			}
			gb += p - y
		}
		for i := range w {
			w[i] -= rate * (gw[i]/n + l2*w[i])
		}
		b -= rate * gb / n
	}
	return modelOf(b, w)
}

// Bin is one row of a calibration table.
type Bin struct {
	Low, High float64 // confidence range
	N         int
	Mean      float64 // mean confidence
	Right     float64 // share right
}

// Calibration groups examples by confidence in tenths.
func Calibration(examples []Example, m Model) []Bin {
	bins := make([]Bin, 10)
	for i := range bins {
		bins[i].Low, bins[i].High = float64(i)/10, float64(i+1)/10
	}
	for _, e := range examples {
		c := m.Confidence(e.F)
		i := min(int(c*10), 9)
		bins[i].N++
		bins[i].Mean += c
		if e.Right {
			bins[i].Right++
		}
	}
	for i := range bins {
		if bins[i].N > 0 {
			bins[i].Mean /= float64(bins[i].N)
			bins[i].Right /= float64(bins[i].N)
		}
	}
	return bins
}

// WriteCalibration prints a calibration table.
func WriteCalibration(w io.Writer, bins []Bin) {
	fmt.Fprintln(w, "confidence   n     mean   right")
	for _, b := range bins {
		if b.N == 0 {
			continue
		}
		fmt.Fprintf(w, "%.1f-%.1f  %5d   %.2f    %.2f\n", b.Low, b.High, b.N, b.Mean, b.Right)
	}
}

// String prints the model as Go, to paste into DefaultModel.
func (m Model) String() string {
	return fmt.Sprintf("Model{Bias: %.3f, Coverage: %.3f, Known: %.3f, Mass: %.3f, Margin: %.3f, Behind: %.3f, "+
		"Unknown: %.3f, Length: %.3f, ParaCoverage: %.3f, ParaPrecision: %.3f, OtherDocument: %.3f, Unnamed: %.3f}",
		m.Bias, m.Coverage, m.Known, m.Mass, m.Margin, m.Behind, m.Unknown, m.Length, m.ParaCoverage, m.ParaPrecision, m.OtherDocument, m.Unnamed)
}
