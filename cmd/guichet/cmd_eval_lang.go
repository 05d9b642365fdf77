package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/guichet/guichet/internal/lang"
	"github.com/guichet/guichet/kb"
)

// English and mixed cases are reported apart from French ones, so that a
// set holding both (or an English set: english.jsonl,
// heldout-english.jsonl) shows how each language fares.

// langCounts are the eval counts of each detected language.
type langCounts map[lang.Lang]*evalCounts

// langNames label the languages in the report.
var langNames = map[lang.Lang]string{lang.French: "French", lang.English: "English", lang.Mixed: "mixed",
	lang.Unknown: "no language"}

// caseLanguage detects a case's language as the bot does.
type caseLanguage struct {
	kb       *kb.KB
	detector *lang.Detector
}

func (c *caseLanguage) of(k *kb.KB, text string) lang.Lang {
	if c.kb != k {
		c.kb, c.detector = k, lang.NewDetector(lang.FrenchTexts(k)...)
	}
	return c.detector.Detect(text).Lang
}

func (lc langCounts) add(l lang.Lang, expect string, r askResult) {
	if lc[l] == nil {
		lc[l] = &evalCounts{}
	}
	lc[l].add(expect, r)
}

// report prints one line per language, when there are several.
func (lc langCounts) report(w io.Writer) {
	if len(lc) < 2 {
		return
	}
	langs := make([]lang.Lang, 0, len(lc))
	for l := range lc {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(i, j int) bool {
		return lc[langs[i]].InScope+lc[langs[i]].OutOfScope > lc[langs[j]].InScope+lc[langs[j]].OutOfScope
	})
	fmt.Fprintln(w, "\nby language of the message:")
	for _, l := range langs {
		c := lc[l]
		total := c.InScope + c.OutOfScope
		fmt.Fprintf(w, "  %-12s %4d cases  in scope correct %d of %d (%.1f%%)  wrong answers %d (%.1f%%)\n", langNames[l]+":",
			total, c.Correct, c.InScope, pct(c.Correct, c.InScope), c.Wrong+c.OOSAnswered, pct(c.Wrong+c.OOSAnswered, total))
	}
}
