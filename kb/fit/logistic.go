package fit

import (
	"fmt"
	"io"
	"math"

	"github.com/guichet/guichet/kb/match"
)

// Example is a labelled candidate: was this entry the right answer?
type Example struct {
	F      match.Features
	Right  bool
	Weight float64 // 0 counts as 1
}

// Logistic fits a logistic model by batch gradient descent with a small L2
// penalty, each example counting its weight. The data sets are some
// thousands of examples of eleven features: plain descent converges in
// about a second.
func Logistic(examples []Example) match.Model {
	var w [match.NumFeatures]float64
	var b float64
	const rate, l2, rounds = 0.5, 1e-3, 4000
	xs := make([][match.NumFeatures]float64, len(examples))
	var n float64
	for i, e := range examples {
		xs[i] = e.F.Vector()
		n += weightOf(e)
	}
	for r := 0; r < rounds && n > 0; r++ {
		var gw [match.NumFeatures]float64
		var gb float64
		for i, e := range examples {
			x := &xs[i]
			z := b
			for j := range x {
				z += w[j] * x[j]
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if e.Right {
				y = 1
			}
			g := (p - y) * weightOf(e)
			for j := range x {
				gw[j] += g * x[j]
			}
			gb += g
		}
		for j := range w {
			w[j] -= rate * (gw[j]/n + l2*w[j])
		}
		b -= rate * gb / n
	}
	return match.ModelOf(b, w)
}

func weightOf(e Example) float64 {
	if e.Weight == 0 {
		return 1
	}
	return e.Weight
}

// Bin is one row of a calibration table.
type Bin struct {
	Low, High float64 // confidence range
	N         int
	Mean      float64 // mean confidence
	Right     float64 // share right
}

func newBins() []Bin {
	bins := make([]Bin, 10)
	for i := range bins {
		bins[i].Low, bins[i].High = float64(i)/10, float64(i+1)/10
	}
	return bins
}

func (b *Bin) add(c float64, right bool) {
	b.N++
	b.Mean += c
	if right {
		b.Right++
	}
}

func finish(bins []Bin) []Bin {
	for i := range bins {
		if bins[i].N > 0 {
			bins[i].Mean /= float64(bins[i].N)
			bins[i].Right /= float64(bins[i].N)
		}
	}
	return bins
}

func binOf(c float64) int { return min(max(int(c*10), 0), 9) }

// Calibration groups examples by their confidence under m, in tenths.
func Calibration(examples []Example, m match.Model) []Bin {
	bins := newBins()
	for _, e := range examples {
		c := match.Confidence(m, e.F)
		bins[binOf(c)].add(c, e.Right)
	}
	return finish(bins)
}

// WriteCalibration prints a calibration table: per confidence bin, the
// number of candidates, their mean confidence and the share that was
// right. A calibrated model has mean and right close in every row.
func WriteCalibration(w io.Writer, bins []Bin) {
	fmt.Fprintln(w, "confidence   n     mean   right")
	for _, b := range bins {
		if b.N == 0 {
			continue
		}
		fmt.Fprintf(w, "%.1f-%.1f  %5d   %.2f    %.2f\n", b.Low, b.High, b.N, b.Mean, b.Right)
	}
}

// scoredQuestion is a cross-validated question's top candidate.
type scoredQuestion struct {
	conf      float64
	right     bool
	uncovered bool
}

// score rescores q's candidates with m and keeps the best, as the matcher
// ranks them.
func score(q question, m match.Model) scoredQuestion {
	s := scoredQuestion{uncovered: q.uncovered}
	for i, f := range q.cands {
		if c := match.Confidence(m, f); i == 0 || c > s.conf {
			s.conf, s.right = c, q.right[i]
		}
	}
	return s
}

// calibrateTop bins the questions' top candidates (the uncovered ones
// only, with uncoveredOnly).
func calibrateTop(qs []scoredQuestion, uncoveredOnly bool) []Bin {
	bins := newBins()
	for _, q := range qs {
		if !uncoveredOnly || q.uncovered {
			bins[binOf(q.conf)].add(q.conf, q.right)
		}
	}
	return finish(bins)
}

// SweepRow says what an answer threshold would do on the cross-validated
// questions, the bot answering the top candidate at or above it.
type SweepRow struct {
	Threshold float64
	// Of the questions about entries in the KB (the cases), the share
	// answered right and answered wrong.
	Right, Wrong float64
	// Of the questions about left-out entries, the share answered.
	UncoveredAnswered float64
}

// sweep tries answer thresholds from 0.20 to 0.70.
func sweep(qs []scoredQuestion) []SweepRow {
	var rows []SweepRow
	for t := 20; t <= 70; t += 5 {
		th := float64(t) / 100
		var n, right, wrong, nu, answered int
		for _, q := range qs {
			if q.uncovered {
				nu++
				if q.conf >= th {
					answered++
				}
				continue
			}
			n++
			if q.conf >= th {
				if q.right {
					right++
				} else {
					wrong++
				}
			}
		}
		rows = append(rows, SweepRow{Threshold: th, Right: share(right, n), Wrong: share(wrong, n),
			UncoveredAnswered: share(answered, nu)})
	}
	return rows
}

func share(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
