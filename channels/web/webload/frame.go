package webload

import (
	"bytes"
	"encoding/json"
	"errors"
)

// frame holds the fields of server frames the load test looks at.
type frame struct {
	Type   string  `json:"type"`
	Code   string  `json:"code"`
	ID     string  `json:"id"`
	Events []event `json:"events"`
}

type event struct {
	Role     string `json:"role"`
	ClientID string `json:"client_id"`
	Meta     struct {
		Decision string `json:"decision"`
	} `json:"meta"`
}

var errFrame = errors.New("webload: malformed frame")

// parseFrame reads the fields of frame from data, a JSON object, and
// steps over the rest (an answer's text, quick replies, times) without
// decoding it. It reads what json.Unmarshal into a frame reads: the
// generator shares the CPUs with the server it measures, and decoding
// every reply whole was a sixth of its CPU.
func parseFrame(data []byte) (frame, error) {
	var f frame
	p := parser{b: data}
	err := p.object(func(key []byte) error {
		switch {
		case keyIs(key, "type"):
			return p.str(&f.Type)
		case keyIs(key, "code"):
			return p.str(&f.Code)
		case keyIs(key, "id"):
			return p.str(&f.ID)
		case keyIs(key, "events"):
			return p.events(&f.Events)
		}
		return p.skip()
	})
	if err == nil && p.space() < len(p.b) {
		err = errFrame
	}
	return f, err
}

// parser walks JSON text; i is the next byte to read.
type parser struct {
	b []byte
	i int
}

// space steps over white space and returns the position of the next byte.
func (p *parser) space() int {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
	return p.i
}

func (p *parser) peek() byte {
	if p.space() >= len(p.b) {
		return 0
	}
	return p.b[p.i]
}

func (p *parser) expect(c byte) error {
	if p.peek() != c {
		return errFrame
	}
	p.i++
	return nil
}

// object reads an object, calling field with each key; field reads the
// value.
func (p *parser) object(field func(key []byte) error) error {
	return p.list('{', '}', func() error {
		key, err := p.raw()
		if err != nil {
			return err
		}
		if err := p.expect(':'); err != nil {
			return err
		}
		return field(key)
	})
}

// array reads an array, calling elem to read each element.
func (p *parser) array(elem func() error) error { return p.list('[', ']', elem) }

// list reads the items of an object or an array between open and close,
// separated by commas, calling item to read each.
func (p *parser) list(open, close byte, item func() error) error {
	if err := p.expect(open); err != nil {
		return err
	}
	if p.peek() == close {
		p.i++
		return nil
	}
	for {
		if err := item(); err != nil {
			return err
		}
		switch p.peek() {
		case ',':
			p.i++
		case close:
			p.i++
			return nil
		default:
			return errFrame
		}
	}
}

// raw reads a string and returns its bytes between the quotes, escapes
// left as they are.
func (p *parser) raw() ([]byte, error) {
	if err := p.expect('"'); err != nil {
		return nil, err
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], nil
		case c == '\\':
			p.i += 2
		case c < 0x20:
			return nil, errFrame
		default:
			p.i++
		}
	}
	return nil, errFrame
}

// str reads a string into s; null leaves s as it is, as json.Unmarshal
// does.
func (p *parser) str(s *string) error {
	if p.peek() == 'n' {
		return p.literal("null")
	}
	start := p.space()
	raw, err := p.raw()
	if err != nil {
		return err
	}
	for _, c := range raw {
		if c == '\\' || c >= 0x80 { // escapes and invalid UTF-8 as json.Unmarshal reads them
			return json.Unmarshal(p.b[start:p.i], s)
		}
	}
	*s = string(raw)
	return nil
}

func (p *parser) events(evs *[]event) error {
	if p.peek() == 'n' {
		return p.literal("null")
	}
	*evs = (*evs)[:0]
	return p.array(func() error {
		var ev event
		err := p.object(func(key []byte) error {
			switch {
			case keyIs(key, "role"):
				return p.str(&ev.Role)
			case keyIs(key, "client_id"):
				return p.str(&ev.ClientID)
			case keyIs(key, "meta"):
				if p.peek() == 'n' {
					return p.literal("null")
				}
				return p.object(func(key []byte) error {
					if keyIs(key, "decision") {
						return p.str(&ev.Meta.Decision)
					}
					return p.skip()
				})
			}
			return p.skip()
		})
		*evs = append(*evs, ev)
		return err
	})
}

// keyIs reports whether the raw key names the field name, as
// json.Unmarshal matches them: escapes read, case folded.
func keyIs(raw []byte, name string) bool {
	if bytes.IndexByte(raw, '\\') >= 0 {
		var key string
		q := append(append([]byte{'"'}, raw...), '"')
		if json.Unmarshal(q, &key) != nil {
			return false
		}
		raw = []byte(key)
	}
	return bytes.EqualFold(raw, []byte(name))
}

// skip steps over one value of any kind.
func (p *parser) skip() error {
	switch c := p.peek(); {
	case c == '{':
		return p.object(func([]byte) error { return p.skip() })
	case c == '[':
		return p.array(p.skip)
	case c == '"':
		_, err := p.raw()
		return err
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		for p.i < len(p.b) && (p.b[p.i] >= '0' && p.b[p.i] <= '9' || p.b[p.i] == '-' || p.b[p.i] == '+' ||
			p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E') {
			p.i++
		}
		return nil
	}
	return errFrame
}

func (p *parser) literal(word string) error {
	p.space()
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return errFrame
	}
	p.i += len(word)
	return nil
}
