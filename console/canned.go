package console

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet"
)

// Canned is a ready-made answer an agent can send as is or edit.
type Canned struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	Text  string `yaml:"text" json:"text"`
}

//go:embed canned.yaml
var defaultCanned []byte

const maxCannedText = 2000

var cannedID = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$`)

// LoadCanned reads the canned responses of path, or the built-in ones
// when path is empty. Errors: Invalid, naming the response to fix.
func LoadCanned(path string) ([]Canned, error) {
	const op = "handoff: canned responses"
	data, name := defaultCanned, "built-in canned.yaml"
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, guichet.Errorf(guichet.Invalid, op, "handoff.canned_file: %v", err)
		}
		name = path
	}
	var doc struct {
		Responses []Canned `yaml:"responses"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, guichet.Errorf(guichet.Invalid, op, "%s: %v", name, err)
	}
	if err := checkCanned(doc.Responses); err != nil {
		return nil, guichet.Errorf(guichet.Invalid, op, "%s: %v", name, err)
	}
	return doc.Responses, nil
}

func checkCanned(cs []Canned) error {
	seen := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		c.Title, c.Text = strings.TrimSpace(c.Title), strings.TrimSpace(c.Text)
		switch {
		case !cannedID.MatchString(c.ID):
			return fmt.Errorf("responses[%d]: id %q: use letters, digits and '-'", i, c.ID)
		case seen[c.ID]:
			return fmt.Errorf("responses[%d]: id %q appears twice", i, c.ID)
		case c.Title == "" || c.Text == "":
			return fmt.Errorf("responses[%d] (%s): title and text are required", i, c.ID)
		case utf8.RuneCountInString(c.Text) > maxCannedText:
			return fmt.Errorf("responses[%d] (%s): text is longer than %d characters", i, c.ID, maxCannedText)
		}
		seen[c.ID] = true
	}
	return nil
}

// cannedByID finds a canned response.
func (s *Console) cannedByID(id string) (Canned, bool) {
	for _, c := range s.canned {
		if c.ID == id {
			return c, true
		}
	}
	return Canned{}, false
}
