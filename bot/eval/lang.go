package eval

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/guichet/guichet/internal/lang"
)

// English and mixed cases are reported apart from French ones, so that a
// set holding both (or an English set: english.jsonl,
// heldout-english.jsonl) shows how each language fares.

// LangCounts are the counts of each language the bot detects in the
// messages.
type LangCounts map[lang.Lang]*Counts

type langLabel struct {
	lang lang.Lang
	name string
}

// langLabels name the languages in the report, in the order of a tie.
var langLabels = []langLabel{{lang.French, "French"}, {lang.English, "English"}, {lang.Mixed, "mixed"},
	{lang.Unknown, "no language"}}

func (lc LangCounts) add(l lang.Lang, expect string, r Result) {
	if lc[l] == nil {
		lc[l] = &Counts{}
	}
	lc[l].Add(expect, r)
}

// report prints one line per language, the most frequent first, when
// there are several.
func (lc LangCounts) report(w io.Writer) {
	if len(lc) < 2 {
		return
	}
	langs := slices.Clone(langLabels)
	slices.SortStableFunc(langs, func(a, b langLabel) int { return cmp.Compare(lc.total(b.lang), lc.total(a.lang)) })
	fmt.Fprintln(w, "\nby language of the message:")
	for _, l := range langs {
		c := lc[l.lang]
		if c == nil {
			continue
		}
		fmt.Fprintf(w, "  %-12s %4d cases  in scope correct %d of %d (%.1f%%)  wrong answers %d (%.1f%%)\n", l.name+":",
			c.Total(), c.Correct, c.InScope, c.CorrectPct(), c.Wrong+c.OOSAnswered, c.WrongPct())
	}
}

func (lc LangCounts) total(l lang.Lang) int {
	if c := lc[l]; c != nil {
		return c.Total()
	}
	return 0
}
