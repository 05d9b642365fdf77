package review

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/kb"
)

// Summary says what applying the pending file does (Check) or did (Apply).
type Summary struct {
	Applied   int            // changes that add paraphrases
	Questions int            // paraphrases added
	Ignored   int            // "ignore" changes: they stay in the pending file
	Entries   map[string]int // entry id -> paraphrases added
	Files     []string       // KB files changed, relative to the KB directory, sorted
}

// Check validates the pending file against the KB in kbDir (see
// CheckPending), then adds the paraphrases to a temporary copy of the KB
// and runs the checker of 'guichet kb check' on it. It returns what Apply
// would do, or a *kb.Problems error listing every problem. Nothing is
// written.
func Check(pendingPath, kbDir string) (Summary, error) {
	p, err := ReadPending(pendingPath)
	if err != nil {
		return Summary{}, err
	}
	sum, _, err := plan(p, pendingPath, kbDir)
	return sum, err
}

// Apply checks the pending file as Check does and, only when everything
// passes, writes the new paraphrases into the KB's files (each replaced
// atomically), then removes the applied changes from the pending file;
// "ignore" changes stay. It holds the pending file's lock throughout, so a
// decision taken meanwhile in the console waits, and is kept.
func Apply(pendingPath, kbDir string) (Summary, error) {
	const op = "review: apply"
	if _, err := os.Stat(pendingPath); errors.Is(err, fs.ErrNotExist) {
		return Summary{Entries: map[string]int{}}, nil
	}
	unlock, err := lockFile(pendingPath + ".lock")
	if err != nil {
		return Summary{}, guichet.E(guichet.Other, op, err)
	}
	defer unlock()
	p, err := ReadPending(pendingPath)
	if err != nil {
		return Summary{}, err
	}
	sum, files, err := plan(p, pendingPath, kbDir)
	if err != nil || sum.Applied == 0 {
		return sum, err
	}
	for _, name := range sum.Files {
		path := filepath.Join(kbDir, name)
		st, err := os.Stat(path)
		if err != nil {
			return sum, guichet.E(guichet.Other, op, err)
		}
		if err := writeAtomic(path, files[name], st.Mode().Perm()); err != nil {
			return sum, guichet.E(guichet.Other, op, err)
		}
	}
	p.Changes = slices.DeleteFunc(p.Changes, func(c Change) bool { return c.Entry != "" })
	return sum, guichet.E(guichet.Other, op, writePending(pendingPath, p))
}

// plan computes the new content of the KB files the pending changes touch,
// and checks it on a temporary copy of the KB.
func plan(p *Pending, pendingPath, kbDir string) (Summary, map[string][]byte, error) {
	sum := Summary{Entries: map[string]int{}}
	k, err := kb.LoadDir(kbDir)
	if err != nil {
		return sum, nil, err
	}
	if probs := CheckPending(p, k, pendingPath); len(probs) > 0 {
		return sum, nil, &kb.Problems{List: probs}
	}
	adds := map[string]map[string][]string{} // file -> entry -> texts
	for _, c := range p.Changes {
		if c.Entry == "" {
			sum.Ignored++
			continue
		}
		file := k.Entry(c.Entry).File
		if adds[file] == nil {
			adds[file] = map[string][]string{}
		}
		adds[file][c.Entry] = append(adds[file][c.Entry], c.AddQuestions...)
		sum.Applied++
		sum.Questions += len(c.AddQuestions)
		sum.Entries[c.Entry] += len(c.AddQuestions)
	}
	files := map[string][]byte{}
	for file, byEntry := range adds {
		data, err := os.ReadFile(filepath.Join(kbDir, file))
		if err != nil {
			return sum, nil, guichet.E(guichet.Other, "review: plan", err)
		}
		if files[file], err = insertQuestions(data, byEntry); err != nil {
			return sum, nil, guichet.Errorf(guichet.Invalid, "review: plan", "%s: %w", filepath.Join(kbDir, file), err)
		}
		sum.Files = append(sum.Files, file)
	}
	sort.Strings(sum.Files)
	if len(files) == 0 {
		return sum, files, nil
	}
	return sum, files, trial(k, kbDir, files, adds)
}

// trial writes the KB with the new files into a temporary directory and
// loads it with the KB checker. Problems name the real directory's files,
// at the lines they will have once applied.
func trial(before *kb.KB, kbDir string, files map[string][]byte, adds map[string]map[string][]string) error {
	const op = "review: check the KB with the pending changes"
	tmp, err := os.MkdirTemp("", "guichet-kb-pending-")
	if err != nil {
		return guichet.E(guichet.Other, op, err)
	}
	defer os.RemoveAll(tmp)
	if err := copyKB(kbDir, tmp, files); err != nil {
		return guichet.E(guichet.Other, op, err)
	}
	after, err := kb.LoadDir(tmp)
	var probs *kb.Problems
	if errors.As(err, &probs) {
		for i := range probs.List {
			probs.List[i].File = filepath.Join(kbDir, strings.TrimPrefix(probs.List[i].File, tmp+string(filepath.Separator)))
			probs.List[i].Msg = "with the pending changes applied: " + probs.List[i].Msg
		}
		return probs
	}
	if err != nil {
		return guichet.E(guichet.Other, op, err)
	}
	return sameAdditions(before, after, adds)
}

// sameAdditions makes sure the edited files say what was meant: each
// entry's questions are the old ones followed by the new ones.
func sameAdditions(before, after *kb.KB, adds map[string]map[string][]string) error {
	for _, byEntry := range adds {
		for id, texts := range byEntry {
			want := append(slices.Clone(before.Entry(id).Questions), texts...)
			for i := range want {
				want[i] = strings.TrimSpace(want[i])
			}
			if got := after.Entry(id).Questions; !slices.Equal(got, want) {
				return guichet.Errorf(guichet.Other, "review: apply", "%s: the edited file does not read back as intended (got %d questions, want %d): please report this", id, len(got), len(want))
			}
		}
	}
	return nil
}

// copyKB copies the files at the root of src (the only ones the KB
// reads) into dst, with replaced contents for the files in files.
func copyKB(src, dst string, files map[string][]byte) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		data, ok := files[e.Name()]
		if !ok {
			if data, err = os.ReadFile(filepath.Join(src, e.Name())); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o600); err != nil {
			return fmt.Errorf("copy %s: %w", e.Name(), err)
		}
	}
	return nil
}
