package kb

import "strconv"

// indexEnglish adds the entry's English paraphrases to the batch, as
// paraphrases of the entry like the French ones: a message matches through
// whichever language it is written in, both for a mixed one.
func (x *Index) indexEnglish(b batch, e *Entry, add func(id string, p para)) error {
	if e.EN == nil {
		return nil
	}
	for i, q := range e.EN.Questions {
		id := e.ID + "#en" + strconv.Itoa(i)
		add(id, para{e.ID, q})
		if err := b.Index(id, map[string]any{fieldEntry: e.ID, fieldQuestion: x.kb.Expand(q)}); err != nil {
			return err
		}
	}
	return nil
}

// batch is the part of a Bleve batch indexEnglish uses.
type batch interface {
	Index(id string, data any) error
}
