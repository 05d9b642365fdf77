package match

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"sync"
)

// linear is a discriminative classifier over the same examples and term
// features as the centroids: multinomial logistic regression over the
// entries (one class per entry, both languages), trained with AdaGrad and
// L2 for a few epochs. Where a centroid weighs a word by how often its
// entry uses it, the regression weighs it by how well it tells the entry
// from the others: "non reçue" against "suivi" for two entries that
// otherwise share "carte grise", "demande" and "délai". On the KB's own
// paraphrases, each fifth held out in turn, it finds the right entry for
// 83 % of them, the centroids for 74 % (BenchmarkClassifierKFold).
//
// It reads the term block only (analysed terms and pairs of adjacent
// terms, IDF-weighted, unit norm): the character n-grams a message brings
// are those of the words the KB does not use, which no example has. The
// matcher uses its scores (logits), not its probabilities: a softmax over
// the entries the KB has is as sure of a question about one it lacks as
// of one it has, while the score stays low when few of the message's
// features point to the entry (see the leave-entries-out refit).
type linear struct {
	classes int
	// The weights of feature id are post[start[id]:start[id+1]]: the
	// classes whose weight is not 0, in class order.
	start []int32
	post  []posting
}

// linearParams are the training's settings.
type linearParams struct {
	epochs int
	runs   int     // trainings, each in its own order, whose weights are averaged
	rate   float32 // AdaGrad's base step
	l2     float32
	skip   float32 // a class whose gradient is smaller is not updated
}

// defaultLinear was chosen with BenchmarkClassifierKFold (top-1 over
// held-out paraphrases), the build's cost and how many decisions of the
// tuning sets move between two orders of the examples (linearSeed 1 and
// 2; cases, english and faq-tuning, ~2,900 decisions):
//
//	epochs runs  k-fold  moved  training
//	  2     1    82.4 %    95   0.27 s
//	  3     1    82.9 %    77   0.36 s
//	  2     3    82.8 %    61   0.50 s
//	  3     2    83.0 %    49   0.54 s
//
// Earlier, one epoch gave 75.9 %, two 77.0; a larger step or a smaller
// skip did worse.
var defaultLinear = linearParams{epochs: 3, runs: 2, rate: 0.5, l2: 1e-6, skip: 1e-2}

// minLinearExamples is how many examples must hold a feature for it to
// get weights.
var minLinearExamples int32 = 2

// linearSeed is mixed into the hash that orders the examples of each
// epoch (exampleOrder).
const linearSeed = 0x6775696368657431

// newLinear trains on the examples' term features over entries classes
// (an example's class is entry*languages + language);
// ids[at[i]:at[i+1]] are example i's distinct feature ids, char says
// which are character n-grams and idf weighs them.
func newLinear(entries int, exs []example, ids []int32, at []int, char []bool, idf []float64, p linearParams) *linear {
	l := &linear{classes: entries, start: make([]int32, len(char)+1)}
	if entries < 2 || len(exs) == 0 {
		return l
	}
	// A feature of a single example gets no weights (a row): it tells
	// its entry from the others no better than the example's other
	// features, and there are many (most pairs of adjacent terms).
	row := make([]int32, len(char)) // by feature id, -1: none
	seen := make([]int32, len(char))
	for _, id := range ids {
		seen[id]++
	}
	rows := int32(0)
	for id, ch := range char {
		if ch || seen[id] < minLinearExamples {
			row[id] = -1
			continue
		}
		row[id] = rows
		rows++
	}
	// Each example's rows and values (unit norm), end to end.
	xr := make([]int32, 0, len(ids)/8)
	xv := make([]float32, 0, len(ids)/8)
	xat := make([]int32, 1, len(exs)+1)
	ys := make([]int32, len(exs)) // by example: its entry
	for i, ex := range exs {
		ys[i] = int32(ex.class / languages)
		start := len(xr)
		var norm float64
		for _, id := range ids[at[i]:at[i+1]] {
			if r := row[id]; r >= 0 {
				xr = append(xr, r)
				xv = append(xv, float32(idf[id]))
				norm += idf[id] * idf[id]
			}
		}
		if norm > 0 {
			s := float32(1 / math.Sqrt(norm))
			for j := start; j < len(xv); j++ {
				xv[j] *= s
			}
		}
		xat = append(xat, int32(len(xr)))
	}
	// Each example weighs 1/(its entry's examples), times the mean: every
	// entry weighs the same in the loss. Unweighted, an entry with twice
	// its siblings' paraphrases took the words they share ("changement
	// adresse": civ.changement-adresse has 65, permis. and cni. 33 and
	// 34), and a message that names none of their documents went to it.
	count := make([]float32, entries)
	for _, y := range ys {
		count[y]++
	}
	mean := float32(len(exs)) / float32(entries)
	weight := make([]float32, entries)
	for y, n := range count {
		if n > 0 {
			weight[y] = mean / n
		}
	}
	set := &linearSet{classes: entries, xr: xr, xv: xv, xat: xat, ys: ys, weight: weight, exs: exs}
	C := entries
	// The runs train at once, one goroutine each (they share only what
	// they read), and their weights are averaged in run order: the same
	// weights whatever the cores.
	runs := max(p.runs, 1)
	ws := make([][]float32, runs) // by run: by row, then class
	var wg sync.WaitGroup
	for r := range runs {
		ws[r] = make([]float32, int(rows)*C)
		wg.Go(func() { p.train(set, ws[r], uint64(r)) })
	}
	wg.Wait()
	w := ws[0]
	if runs > 1 {
		w = make([]float32, len(ws[0]))
		for _, wr := range ws {
			axpy(w, wr, 1/float32(runs))
		}
	}
	// Keep the weights that are not 0, by feature id.
	n := 0
	for _, v := range w {
		if v != 0 {
			n++
		}
	}
	l.post = make([]posting, 0, n)
	for id, r := range row {
		if r >= 0 {
			for k, v := range w[int(r)*C : int(r)*C+C] {
				if v != 0 {
					l.post = append(l.post, posting{class: int32(k), w: v})
				}
			}
		}
		l.start[id+1] = int32(len(l.post))
	}
	return l
}

// linearSet is what every run of the training reads: the examples' rows
// and values, xr[xat[i]:xat[i+1]] and xv[...] for example i, its entry
// ys[i], and each entry's weight in the loss.
type linearSet struct {
	classes int
	xr      []int32
	xv      []float32
	xat     []int32
	ys      []int32
	weight  []float32 // by entry: the mean number of examples over its own
	exs     []example
}

// train runs the epochs of one training into w (by row, then class, all 0
// at first); run picks the order of the examples.
func (p linearParams) train(s *linearSet, w []float32, run uint64) {
	C, xr, xv, xat := s.classes, s.xr, s.xv, s.xat
	g2 := make([]float32, len(w)) // AdaGrad's sums of squared gradients
	z := make([]float32, C)
	d := make([]float32, C) // by class: the gradient of the loss in its score
	var active []int        // the classes updated for an example
	for epoch := range p.epochs {
		for _, i := range exampleOrder(s.exs, run, epoch) {
			r, v := xr[xat[i]:xat[i+1]], xv[xat[i]:xat[i+1]]
			if len(r) == 0 {
				continue
			}
			clear(z)
			for j, row := range r {
				axpy(z, w[int(row)*C:int(row)*C+C], v[j])
			}
			m := z[0]
			for _, v := range z[1:] {
				if v > m { // not max: it spends time on NaNs and signed zeros
					m = v
				}
			}
			var sum float32
			for k, v := range z {
				z[k] = expNeg(v - m)
				sum += z[k]
			}
			y := int(s.ys[i])
			active = active[:0]
			inv := 1 / sum
			weight := s.weight[y]
			for k, e := range z {
				g := e * inv
				if k == y {
					g--
				}
				g *= weight
				// Most classes have a probability near 0: skipping them
				// keeps the update sparse, and their weights 0.
				if g <= -p.skip || g >= p.skip {
					d[k] = g
					active = append(active, k)
				}
			}
			for j, row := range r {
				ws, gs := w[int(row)*C:int(row)*C+C], g2[int(row)*C:int(row)*C+C]
				x := v[j]
				for _, k := range active {
					g := d[k]*x + p.l2*ws[k]
					gs[k] += g * g
					if gs[k] > 0 {
						ws[k] -= p.rate * g / float32(math.Sqrt(float64(gs[k])))
					}
				}
			}
		}
	}
}

// exampleOrder is the order in which an epoch of a run visits the
// examples: by a hash of each example's words, the run and the epoch, so
// that the same KB gives the same weights every build, and a paraphrase
// added or removed moves only itself in the order. A shuffle seeded by the
// number of examples, as before, reordered them all: dropping 93 of the
// KB's paraphrases then moved 156 decisions of the tuning sets, most of
// them about procedures whose paraphrases were untouched; 45 with this
// order and two runs averaged.
func exampleOrder(exs []example, run uint64, epoch int) []int {
	type keyed struct {
		key uint64
		i   int
	}
	ks := make([]keyed, len(exs))
	var seed [24]byte
	for k := range 8 {
		seed[k] = byte(uint64(linearSeed) >> (8 * k))
		seed[8+k] = byte(run >> (8 * k))
		seed[16+k] = byte(uint64(epoch) >> (8 * k))
	}
	h := fnv.New64a()
	for i, ex := range exs {
		h.Reset()
		h.Write(seed[:])
		for _, w := range ex.words {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		ks[i] = keyed{h.Sum64(), i}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.key, b.key), a.i-b.i) })
	order := make([]int, len(ks))
	for j, k := range ks {
		order[j] = k.i
	}
	return order
}

// axpy adds x*w to z, w as long as z.
func axpy(z, w []float32, x float32) {
	w = w[:len(z)]
	k := 0
	for ; k+4 <= len(z); k += 4 {
		z4, w4 := z[k:k+4:k+4], w[k:k+4:k+4]
		z4[0] += x * w4[0]
		z4[1] += x * w4[1]
		z4[2] += x * w4[2]
		z4[3] += x * w4[3]
	}
	for ; k < len(z); k++ {
		z[k] += x * w[k]
	}
}

// expNeg returns e^x for x <= 0, to a relative 1e-5, 0 below -80: a
// softmax needs nothing finer, and math.Exp was a third of the training.
func expNeg(x float32) float32 {
	if x < -80 {
		return 0
	}
	// e^x = 2^n * 2^f, n the integer part of x/ln 2 and f in [0, 1).
	t := x * 1.442695041
	n := float32(math.Floor(float64(t)))
	f := t - n
	// 2^f on [0, 1): its Taylor polynomial of degree 6, in Horner form.
	p := float32(1.535336188319500e-4)
	p = p*f + 1.339887440266574e-3
	p = p*f + 9.618437357674640e-3
	p = p*f + 5.550332471162809e-2
	p = p*f + 2.402264791363012e-1
	p = p*f + 6.931472028550421e-1
	p = p*f + 1
	return math.Float32frombits(uint32(int32(n)+127)<<23) * p
}

// linearScale divides the scores the matcher reads: most lie in [-1, 1.2]
// once divided, the range of the confidence model's other features.
const linearScale = 10

// scores returns the score of every entry for a text with the given
// features (ids and weights from the classifier, character n-grams
// included and ignored), divided by linearScale; nil when no feature has
// weights. The text's vector has unit norm over the features that have.
func (l *linear) scores(fs []weighted, idf []float64, buf *scoreBuf) []float64 {
	if l == nil || len(l.post) == 0 {
		return nil
	}
	var norm float64
	for _, f := range fs {
		if f.id >= 0 && !f.char && l.start[f.id+1] > l.start[f.id] {
			norm += idf[f.id] * idf[f.id]
		}
	}
	if norm == 0 {
		return nil
	}
	s := 1 / math.Sqrt(norm)
	z := grow(buf.z, l.classes)
	buf.z = z
	for _, f := range fs {
		if f.id >= 0 && !f.char {
			x := float32(idf[f.id] * s)
			for _, p := range l.post[l.start[f.id]:l.start[f.id+1]] {
				z[p.class] += x * p.w
			}
		}
	}
	out := grow(buf.linear, len(z))
	buf.linear = out
	for k, v := range z {
		out[k] = float64(v) / linearScale
	}
	return out
}
