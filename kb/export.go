package kb

import (
	"encoding/json"
	"io"
)

// exported is the public shape of an entry in an export: what a search
// engine, a translator or a reviewer needs, without decision trees.
type exported struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Questions []string `json:"questions"`
	Keywords  []string `json:"keywords"`
	Answer    string   `json:"answer"`
}

// ExportJSONL writes one JSON object per entry, in file order, with the
// fields id, title, questions, keywords and answer.
func (k *KB) ExportJSONL(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // keep links and "&" readable
	for _, e := range k.entries {
		if err := enc.Encode(exported{e.ID, e.Title, e.Questions, e.Keywords, e.Answer}); err != nil {
			return err
		}
	}
	return nil
}
