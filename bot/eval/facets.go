package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// A facet case is a message and the sub-question it asks (kb.FacetNames),
// or "none" when it asks none of them:
//
//	{"say": "ça va me coûter combien ?", "facet": "cout"}
//	{"say": "combien de points il me reste", "facet": "none", "style": "sms"}
//
// `guichet eval --facets FILE` reads each message as the engine does and
// counts the facet read against the label: what decides whether a citizen
// who asks the price gets the price, and not the validity.

// FacetCase is one labelled message.
type FacetCase struct {
	Say   string `json:"say"`
	Facet string `json:"facet"`           // a facet name, or "none"
	Style string `json:"style,omitempty"` // how it is written (sms, story...), reported apart
	// Decoy marks a message that holds a cue of another facet than the one
	// it asks ("pendant que j'y suis, ça coûte combien ?"), reported apart.
	Decoy bool `json:"decoy,omitempty"`
	Line  int  `json:"-"`
}

// ReadFacetFile reads the facet cases of a JSON-lines file.
func ReadFacetFile(path string) ([]FacetCase, error) { return readFile(path, ReadFacetCases) }

// ReadFacetCases reads facet cases, one JSON object per line (blank lines
// skipped); name begins the errors, which say what to fix at which line.
func ReadFacetCases(r io.Reader, name string) ([]FacetCase, error) {
	return readLines(r, name, `{"say": "...", "facet": "a facet or none"}`, func(c *FacetCase, n int) error {
		if strings.TrimSpace(c.Say) == "" {
			return errors.New("say is empty")
		}
		if c.Facet != None && !kb.ValidFacet(c.Facet) {
			return fmt.Errorf("facet %q is not one of %s or none", c.Facet, strings.Join(kb.FacetNames, ", "))
		}
		c.Line = n
		return nil
	})
}

// FacetResult is one case read.
type FacetResult struct {
	Say    string   `json:"say"`
	Expect string   `json:"expect"`
	Read   []string `json:"read,omitempty"` // the facets read, the first asked first
	Style  string   `json:"style,omitempty"`
	Decoy  bool     `json:"decoy,omitempty"`
	Result string   `json:"result"` // FacetRight, FacetWrong, FacetMissed or FacetSpurious
}

// The outcomes of a facet case. A wrong facet answers another sub-question
// than the one asked ("la carte est gratuite" to "valable combien
// d'années ?"): the costly mistake. A missed facet gets the full answer,
// which holds it; a spurious one answers a sub-question nobody asked.
const (
	FacetRight    = "right"
	FacetWrong    = "wrong"
	FacetMissed   = "missed"
	FacetSpurious = "spurious"
)

// FacetCounts are the outcomes of a run, overall and by label.
type FacetCounts struct {
	Total, Right, Wrong, Missed, Spurious int
	ByLabel                               map[string]*[4]int // right, wrong, missed, spurious
	ByStyle                               map[string]*[2]int // right, total
	Decoys                                [3]int             // right, another facet read, total
}

// RunFacets reads every case with m and counts the outcomes; out says
// what to print on w as it goes (Failures: one line per case not read
// right; JSON: one FacetResult per case).
func RunFacets(m *match.Matcher, cases []FacetCase, out Output, w io.Writer) FacetCounts {
	c := FacetCounts{ByLabel: map[string]*[4]int{}, ByStyle: map[string]*[2]int{}}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, tc := range cases {
		read := bot.ReadFacets(m, tc.Say)
		res := FacetResult{Say: tc.Say, Expect: tc.Facet, Read: read, Style: tc.Style, Decoy: tc.Decoy,
			Result: judgeFacet(tc.Facet, read)}
		c.add(res)
		switch {
		case out == JSON:
			enc.Encode(res)
		case out == Failures && res.Result != FacetRight:
			fmt.Fprintf(w, "%-9s %q expect %s, read %s\n", res.Result, tc.Say, tc.Facet, orNone(read))
		}
	}
	return c
}

func judgeFacet(expect string, read []string) string {
	switch {
	case expect == None && len(read) == 0, len(read) > 0 && read[0] == expect:
		return FacetRight
	case expect == None:
		return FacetSpurious
	case len(read) == 0:
		return FacetMissed
	}
	return FacetWrong
}

func orNone(read []string) string {
	if len(read) == 0 {
		return None
	}
	return strings.Join(read, "+")
}

func (c *FacetCounts) add(r FacetResult) {
	c.Total++
	i := slices.Index([]string{FacetRight, FacetWrong, FacetMissed, FacetSpurious}, r.Result)
	*[]*int{&c.Right, &c.Wrong, &c.Missed, &c.Spurious}[i]++
	if c.ByLabel[r.Expect] == nil {
		c.ByLabel[r.Expect] = &[4]int{}
	}
	c.ByLabel[r.Expect][i]++
	if r.Decoy {
		c.Decoys[2]++
		switch r.Result {
		case FacetRight:
			c.Decoys[0]++
		case FacetWrong, FacetSpurious:
			c.Decoys[1]++
		}
	}
	style := r.Style
	if style == "" {
		style = "unlabelled"
	}
	if c.ByStyle[style] == nil {
		c.ByStyle[style] = &[2]int{}
	}
	if r.Result == FacetRight {
		c.ByStyle[style][0]++
	}
	c.ByStyle[style][1]++
}

// Report prints the counts; it returns false when right is below
// minRight or wrong above maxWrong (shares of all cases, 0-1).
func (c FacetCounts) Report(w io.Writer, minRight, maxWrong float64) bool {
	fmt.Fprintf(w, "facets: %d cases, right %d (%.1f%%)  wrong facet %d (%.1f%%)  missed %d (%.1f%%)  spurious %d (%.1f%%)\n",
		c.Total, c.Right, pct(c.Right, c.Total), c.Wrong, pct(c.Wrong, c.Total), c.Missed, pct(c.Missed, c.Total),
		c.Spurious, pct(c.Spurious, c.Total))
	labels := append(slices.Clone(kb.FacetNames), None)
	for _, l := range labels {
		if n := c.ByLabel[l]; n != nil {
			all := n[0] + n[1] + n[2] + n[3]
			fmt.Fprintf(w, "  %-13s %4d  right %5.1f%%  wrong %d  missed %d  spurious %d\n", l+":", all, pct(n[0], all), n[1], n[2], n[3])
		}
	}
	styles := make([]string, 0, len(c.ByStyle))
	for s := range c.ByStyle {
		styles = append(styles, s)
	}
	slices.Sort(styles)
	if len(styles) > 1 {
		fmt.Fprint(w, "  by style:")
		for _, s := range styles {
			fmt.Fprintf(w, " %s %.0f%% (%d)", s, pct(c.ByStyle[s][0], c.ByStyle[s][1]), c.ByStyle[s][1])
		}
		fmt.Fprintln(w)
	}
	if c.Decoys[2] > 0 {
		fmt.Fprintf(w, "  with a misleading cue: %d, right %.1f%%, another facet read %d (%.1f%%)\n", c.Decoys[2],
			pct(c.Decoys[0], c.Decoys[2]), c.Decoys[1], pct(c.Decoys[1], c.Decoys[2]))
	}
	ok := true
	if pct(c.Right, c.Total) < 100*minRight {
		fmt.Fprintf(w, "FAIL: facets read right %.1f%% < %.1f%%\n", pct(c.Right, c.Total), 100*minRight)
		ok = false
	}
	if pct(c.Wrong, c.Total) > 100*maxWrong {
		fmt.Fprintf(w, "FAIL: wrong facets %.1f%% > %.1f%%\n", pct(c.Wrong, c.Total), 100*maxWrong)
		ok = false
	}
	return ok
}
