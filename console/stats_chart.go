package console

// Horizontal bar charts drawn as inline SVG: the geometry is computed
// here so that the template only prints numbers. Colours come from
// stats.css through class names (the console's CSP allows no inline
// styles). Each chart is an image with a title and a description for
// screen readers; the page puts the same figures in a table beside it.

const (
	barMax      = 440.0 // the longest bar, of a 640-wide chart: its value text follows it
	labelHeight = 20.0  // each row's label sits above its bars, so that long labels fit
	barHeight   = 18.0
	barGap      = 4.0 // between the bars of one row
	rowGap      = 14.0
)

// chartView is one chart.
type chartView struct {
	ID, Title, Desc string
	Height          float64
	Rows            []chartRow
	Legend          []legendItem // for charts with two bars a row
	Empty           bool
}

type chartRow struct {
	Label  string
	LabelY float64
	Bars   []chartBar
}

type chartBar struct {
	Class        string
	Y, W         float64
	TextX, TextY float64
	Text         string
}

type legendItem struct{ Class, Label string }

// barValue is one bar before layout: its share of the longest bar (0 to
// 1) and its printed value.
type barValue struct {
	Class string
	Share float64
	Text  string
}

// newChart lays out rows of one or more bars each.
func newChart(id, title, desc string, labels []string, bars [][]barValue) chartView {
	c := chartView{ID: id, Title: title, Desc: desc, Empty: len(labels) == 0}
	y := 0.0
	for i, l := range labels {
		row := chartRow{Label: l, LabelY: y + 14}
		y += labelHeight
		for _, b := range bars[i] {
			w := max(0, min(1, b.Share)) * barMax
			row.Bars = append(row.Bars, chartBar{Class: b.Class, Y: y, W: w, TextX: w + 6,
				TextY: y + barHeight*0.72, Text: b.Text})
			y += barHeight + barGap
		}
		y += rowGap - barGap
		c.Rows = append(c.Rows, row)
	}
	c.Height = max(0, y-rowGap+2)
	return c
}

// shareOf is n's share of the largest value, for bar lengths.
func shareOf(n, largest float64) float64 {
	if largest <= 0 {
		return 0
	}
	return n / largest
}
