package kb

import (
	"fmt"
	"sort"
	"strings"

	"github.com/guichet/guichet"
)

// Problem is one thing wrong in the knowledge base, located precisely enough
// for an editor to jump to it.
type Problem struct {
	File string // file name, relative to the KB directory (or joined with it by LoadDir)
	Line int    // 1-based; 0 when the problem concerns the whole file
	ID   string // entry id, empty when the problem is not about one entry
	Msg  string
}

// String formats the problem as "file:line: id: problem", the form editors
// and most IDEs turn into a link. The id part is left out when there is none.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.ID != "" {
		b.WriteString(p.ID + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is the error Load returns when the knowledge base fails
// validation. It lists every problem found, not just the first, so that an
// editor fixes them all in one pass.
type Problems struct {
	List []Problem
}

// errInvalid lets guichet.KindOf classify *Problems as Invalid through
// Unwrap, while callers can still type-assert the error to *Problems.
var errInvalid = guichet.Errorf(guichet.Invalid, "kb", "invalid knowledge base")

func (p *Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kb: %d problem(s):", len(p.List))
	for _, q := range p.List {
		b.WriteString("\n" + q.String())
	}
	return b.String()
}

// Unwrap makes guichet.Is(err, guichet.Invalid) true.
func (p *Problems) Unwrap() error { return errInvalid }

// report collects problems while files are parsed and checked.
type report struct {
	list []Problem
}

func (r *report) add(file string, line int, id, format string, args ...any) {
	r.list = append(r.list, Problem{File: file, Line: line, ID: id, Msg: fmt.Sprintf(format, args...)})
}

// err returns nil when nothing was reported, or the problems sorted by
// place, which is the order an editor fixes them in.
func (r *report) err() error {
	if len(r.list) == 0 {
		return nil
	}
	sort.SliceStable(r.list, func(i, j int) bool {
		a, b := r.list[i], r.list[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return &Problems{List: r.list}
}
