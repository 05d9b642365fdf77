// Package eval measures the conversation engine on labelled single
// messages: each case is a message a citizen might send first and the
// entry it is about ("none" when the KB has no answer for it). Every case
// runs through the real engine's Decide with a fresh state, and is
// counted correct, clarified, wrong or abstained (see Counts.Add); the
// counts are split by the language of the message. Package dialogue does
// the same for whole conversations, and package kb/fit fits the matcher's
// confidence model on the same cases.
//
// The file format is JSON lines, one case per line:
//
//	{"text": "j'ai perdu mon permis", "expect": "permis.perte"}
//	{"text": "permis de construire une véranda", "expect": "none"}
package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb/match"
)

// Case is one labelled message.
type Case struct {
	Text   string `json:"text"`
	Expect string `json:"expect"` // an entry id, or "none"
	Line   int    `json:"-"`      // line in its file
}

// None is the Expect of a case the KB has no answer for.
const None = "none"

// ReadFile reads the cases of a JSON-lines file.
func ReadFile(path string) ([]Case, error) { return readFile(path, Read) }

// Read reads cases, one JSON object per line (blank lines skipped); name
// begins the errors, which say what to fix at which line.
func Read(r io.Reader, name string) ([]Case, error) {
	return readLines(r, name, `{"text": "...", "expect": "entry id or none"}`, func(c *Case, n int) error {
		if c.Expect == "" {
			return errors.New("expect is empty (an entry id, or none)")
		}
		c.Line = n
		return nil
	})
}

// readFile opens path and reads it with read.
func readFile[T any](path string, read func(io.Reader, string) ([]T, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path)
}

// readLines decodes one T per line of r (blank lines skipped, no unknown
// field), checks each with check (which also records its line), and
// reports the first problem as "name:line: problem"; want shows the
// expected shape after a line that does not decode.
func readLines[T any](r io.Reader, name, want string, check func(*T, int) error) ([]T, error) {
	var out []T
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c T
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s:%d: %v (want %s)", name, n, err, want)
		}
		if err := check(&c, n); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Output is what Run prints as it goes, on its writer.
type Output int

const (
	// Failures prints one line per case that was not answered right.
	Failures Output = iota
	// Quiet prints nothing: the counts are the result.
	Quiet
	// JSON prints one Result per case, a JSON object per line.
	JSON
)

// Run decides every case with the engine configured by cfg over the
// matcher current returns, prints each case as out says on w, and counts
// them. A case that expects an entry the KB does not have stops the run:
// its counts would mean nothing.
func Run(cfg config.Bot, current func() *match.Matcher, cases []Case, out Output, w io.Writer) (Counts, error) {
	c := Counts{ByLang: LangCounts{}}
	k := current().KB()
	detector := current().Language()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, tc := range cases {
		if tc.Expect != None && k.Entry(tc.Expect) == nil {
			return c, fmt.Errorf("line %d: expect %q is not an entry of the knowledge base", tc.Line, tc.Expect)
		}
		_, res, err := Ask(cfg, current, tc.Text)
		if err != nil {
			return c, err
		}
		res.Expect = tc.Expect
		if out == JSON {
			r := res
			r.Candidates, r.Normalized, r.Replies = nil, "", nil
			enc.Encode(r)
		}
		c.ByLang.add(detector.Detect(tc.Text).Lang, tc.Expect, res)
		if failed := c.Add(tc.Expect, res); failed != "" && out == Failures {
			fmt.Fprintf(w, "%-9s %q expect %s, got %s %s %v (%.2f)\n", failed, tc.Text, tc.Expect,
				res.Decision, res.ID, res.Options, res.Confidence)
		}
	}
	return c, nil
}
