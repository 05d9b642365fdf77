// Package kb is Guichet's knowledge base: the YAML entry files editors
// write, their validation, the French analysis shared by the index and the
// matcher, the Bleve index of paraphrases, and the hot-reloaded live copy
// the bot queries.
//
// The data flow is Load (entry files and the confidence model file → *KB,
// or *Problems) → NewIndex (*KB → *Index) → Live (the current consistent
// pair, swapped atomically on reload).
package kb

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/guichet/guichet"
)

// Entry is one answer of the knowledge base with the questions that lead to
// it. See README.md for the meaning of each field. Entries are shared by
// every reader of a KB: treat them as read-only.
type Entry struct {
	ID        string
	Title     string
	Questions []string // paraphrases, as written by editors
	Keywords  []string
	Answer    string // trimmed; at most MaxAnswer characters
	Source    string // official URL
	Reviewed  string // YYYY-MM-DD
	Choices   []Choice
	Action    string // "", ActionHandoff, ActionIncident or ActionOutOfScope
	Related   []string
	// Short is the button title on Messenger (at most MaxLabel characters);
	// required when Title is longer. See ShortTitle.
	Short string
	// Facets answers sub-questions on their own: facet name (FacetNames) →
	// text. See facets.go.
	Facets map[string]string
	// Unverified lists facts read on a page that is not official or marked
	// "to check": kept out of the answer until an editor confirms them.
	Unverified []Unverified
	// EN is the entry's English text (english.yaml), or nil.
	EN   *Translation
	File string // file name inside the KB directory
	Line int    // line of the entry in File
}

// Choice is one button of a decision tree. It leads to exactly one of: an
// entry (Goto), a text (Answer, optionally followed by Action), further
// choices (Choices, introduced by Prompt), or an Action.
type Choice struct {
	Label, Prompt, Goto, Answer, Action string
	Choices                             []Choice
	// When maps slots (SlotValues) to the value this choice stands for: a
	// conversation that already knows the value takes the choice without
	// asking ("pour: adulte"). A value may list alternatives separated by
	// "|" ("evenement: perte|vol"); every slot named must be known.
	When map[string]string
	Line int // line of the choice in its entry's file
}

// WhenValues returns the values the choice's `when` gives slot, its
// alternatives split ("perte|vol"), or nil when it names no such slot.
func (c Choice) WhenValues(slot string) []string {
	v, ok := c.When[slot]
	if !ok {
		return nil
	}
	return strings.Split(v, "|")
}

// Branches lists the entries the entry's first-level choices lead to: the
// branches of a decision tree whose root it is (none for other entries).
func (e *Entry) Branches() []string {
	var ids []string
	for _, c := range e.Choices {
		if c.Goto != "" {
			ids = append(ids, c.Goto)
		}
	}
	return ids
}

// Actions an entry or a choice can trigger.
const (
	ActionHandoff  = "handoff"  // pass the conversation to a human agent
	ActionIncident = "incident" // collect an incident report, then hand off with priority
	// ActionOutOfScope marks a question the agency does not handle: the
	// answer redirects the person, and the bot counts it as not answered.
	ActionOutOfScope = "outofscope"
)

// Limits the checker enforces; Messenger is the tightest channel.
const (
	MaxAnswer     = 900 // characters in one answer: fits one Messenger message
	MaxLabel      = 20  // characters in a quick-reply title on Messenger
	MaxChoices    = 13  // quick replies Messenger shows at once
	MinParaphrase = 10  // paraphrases per entry
)

// KB is a validated knowledge base. It never changes once loaded: a reload
// builds a new one.
type KB struct {
	entries []*Entry
	byID    map[string]*Entry
	abbrevs map[string]string
	version string
	// entriesVersion hashes the YAML files only: the model records the one
	// it was fitted on.
	entriesVersion string
	model          Model
}

// Entries returns the entries in file order (files sorted by name).
func (k *KB) Entries() []*Entry { return slices.Clone(k.entries) }

// Entry returns the entry with that id, or nil.
func (k *KB) Entry(id string) *Entry { return k.byID[id] }

// Abbreviations returns the abbreviation and synonym list: folded lowercase
// word → expansion. The map is shared: do not modify it.
func (k *KB) Abbreviations() map[string]string { return k.abbrevs }

// Version is a short hash of the KB's files, the model file included, to
// tell in logs and metrics which content answered.
func (k *KB) Version() string { return k.version }

// EntriesVersion is a short hash of the KB's YAML files alone: the model
// file records the one it was fitted on (Model().Fitted.Entries).
func (k *KB) EntriesVersion() string { return k.entriesVersion }

// Model returns the confidence model and thresholds of ModelFile.
func (k *KB) Model() Model { return k.model }

// ModelIsStale reports whether the model was fitted on other entries than
// these (it says nothing when the model does not record them).
func (k *KB) ModelIsStale() bool {
	return k.model.Fitted.Entries != "" && k.model.Fitted.Entries != k.entriesVersion
}

//go:embed data
var embedded embed.FS

// Embedded returns the KB directory compiled into the binary, used when no
// kb.dir is configured.
func Embedded() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // "data" is a valid path: cannot happen
	}
	return sub
}

// Load reads every *.yaml file at the root of fsys and ModelFile, and
// validates the whole knowledge base. When anything is wrong it returns a
// *Problems listing every problem (kind guichet.Invalid) and no KB.
func Load(fsys fs.FS) (*KB, error) {
	names, err := fs.Glob(fsys, "*.y*ml")
	if err != nil {
		return nil, guichet.E(guichet.Other, "kb: load", err)
	}
	sort.Strings(names)
	p := newParser()
	h := sha256.New()
	for _, name := range names {
		if filepath.Ext(name) != ".yaml" {
			p.r.add(name, 0, "", "rename to .yaml: only .yaml files are read")
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, guichet.E(guichet.Other, "kb: load", err)
		}
		h.Write([]byte(name + "\x00"))
		h.Write(data)
		h.Write([]byte{0})
		p.file(name, data)
	}
	entries := hex.EncodeToString(h.Sum(nil))[:12]
	model, err := loadModel(fsys, p.r, h, len(names) > 0)
	if err != nil {
		return nil, guichet.E(guichet.Other, "kb: load", err)
	}
	validate(p)
	if err := p.r.err(); err != nil {
		return nil, err
	}
	k := newKB(p, hex.EncodeToString(h.Sum(nil))[:12])
	k.entriesVersion, k.model = entries, model
	return k, nil
}

// loadModel reads and checks ModelFile, adding it to the version hash. Its
// absence is a problem in a directory of entries only: a directory with no
// YAML file at all gets the one clear "no entries".
func loadModel(fsys fs.FS, r *report, h hash.Hash, entries bool) (Model, error) {
	data, err := fs.ReadFile(fsys, ModelFile)
	if errors.Is(err, fs.ErrNotExist) {
		if !entries {
			return Model{}, nil
		}
		r.add(ModelFile, 0, "", "missing: the confidence model and the bot's thresholds live here, beside the entries; "+
			"restore it ('git checkout kb/data/%s') or refit (kb/README.md, \"Refit\")", ModelFile)
		return Model{}, nil
	}
	if err != nil {
		return Model{}, err
	}
	h.Write([]byte(ModelFile + "\x00"))
	h.Write(data)
	return parseModel(r, ModelFile, data), nil
}

func newKB(p *parser, version string) *KB {
	k := &KB{byID: make(map[string]*Entry), abbrevs: p.abbrevs, version: version}
	for _, pe := range p.entries {
		k.entries = append(k.entries, pe.e)
		k.byID[pe.e.ID] = pe.e
	}
	for _, pt := range p.translations {
		if e := k.byID[pt.id]; e != nil {
			e.EN = pt.t
		}
	}
	return k
}

// LoadDir loads the KB in dir. Problems name files with dir prepended, so
// that "guichet kb check kb/data" prints paths an editor can open.
func LoadDir(dir string) (*KB, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, guichet.E(guichet.NotFound, "kb: load", err)
	}
	k, err := Load(os.DirFS(dir))
	var probs *Problems
	if errors.As(err, &probs) {
		for i := range probs.List {
			probs.List[i].File = filepath.Join(dir, probs.List[i].File)
		}
	}
	return k, err
}
