package bot

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/lang"
)

// decodeWire reads a version 2 state without encoding/json's reflection,
// which cost about a twentieth of the server's CPU per widget answer. It
// reads only what encodeState writes: exact keys, each once, no null, no
// number but plain integers. Anything else (an unknown or repeated key, a
// null, an invalid document) makes it report false, and the caller then
// hands the whole state to encoding/json, whose result is the reference:
// the fuzz test checks that whatever this accepts, encoding/json reads the
// same. The rare, nested parts (Form, Pending, Retry, Want) and strings
// with escapes or invalid UTF-8 go to encoding/json piecewise. full
// says the decided ids were read whole: their prefix came first, as
// encodeState writes it, and was put before each as it was read.
func decodeWire(data []byte, w *wireState) (full, ok bool) {
	s := wireScan{b: data}
	var seen uint32
	ok = s.object(func(key string) bool {
		bit, ok := wireKeys[key]
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		if key == "d" {
			full = seen&wireKeys["dp"] != 0
			w.Decided, ok = s.strs(w.DecidedPrefix)
			return ok
		}
		return s.field(key, w)
	})
	s.space()
	return full, ok && s.i == len(s.b)
}

// wireKeys gives each key of wireState a bit, to refuse repeated keys
// (encoding/json merges a repeated object into a map).
var wireKeys = func() map[string]uint32 {
	keys := []string{"v", "t", "ta", "rd", "tb", "o", "lt", "ch", "mu", "f", "lq", "tq", "p", "s", "fa", "ra", "r", "w",
		"dp", "d", "rt", "rq", "e", "l", "lc"}
	m := make(map[string]uint32, len(keys))
	for i, k := range keys {
		m[k] = 1 << i
	}
	return m
}()

type wireScan struct {
	b []byte
	i int
}

func (s *wireScan) field(key string, w *wireState) bool {
	var ok bool
	switch key {
	case "v":
		var v int64
		v, ok = s.int()
		w.V = int(v)
	case "t":
		w.Topic, ok = s.str("")
	case "ta":
		w.TopicAt, ok = s.int()
	case "rd":
		w.Redirected, ok = s.str("")
	case "tb":
		w.Before, ok = s.str("")
	case "o":
		w.Options, ok = s.options()
	case "lt":
		var v int64
		v, ok = s.int()
		w.LowTurns = int(v)
	case "ch":
		w.Choices, ok = s.strs("")
	case "mu":
		w.MutedUntil, ok = s.int()
	case "f":
		ok = s.nested(&w.Form)
	case "lq":
		w.LastQuestion, ok = s.str("")
	case "tq":
		w.TopicQuestion, ok = s.str("")
	case "p":
		ok = s.nested(&w.Pending)
	case "s":
		w.Slots, ok = s.strMap()
	case "fa":
		w.Facet, ok = s.str("")
	case "ra":
		w.Reasked, ok = s.strs("")
	case "r":
		ok = s.nested(&w.Retry)
	case "w":
		ok = s.nested(&w.Want)
	case "dp":
		w.DecidedPrefix, ok = s.str("")
	case "rt":
		w.Rated, ok = s.strs("")
	case "rq":
		w.Request, ok = s.request()
	case "e":
		w.Escalated, ok = s.str("")
	case "l":
		var l string
		l, ok = s.str("")
		w.Lang = lang.Lang(l)
	case "lc":
		w.LangChosen, ok = s.bool()
	}
	return ok
}

func (s *wireScan) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next consumes c, after white space, if it comes next.
func (s *wireScan) next(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// rawStr returns a string token, quotes included, and whether it is plain:
// no escape, valid UTF-8.
func (s *wireScan) rawStr() (raw []byte, plain, ok bool) {
	s.space()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false, false
	}
	start, ascii, plain := s.i, true, true
	for j := s.i + 1; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			raw = s.b[start:s.i]
			if plain && !ascii {
				plain = utf8.Valid(raw)
			}
			return raw, plain, true
		case c == '\\':
			plain = false
			j++ // the escaped character cannot end the string
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false, false
}

// str reads a string, and returns it after prefix.
func (s *wireScan) str(prefix string) (string, bool) {
	raw, plain, ok := s.rawStr()
	if !ok {
		return "", false
	}
	if plain {
		if prefix == "" {
			return string(raw[1 : len(raw)-1]), true
		}
		return prefix + string(raw[1:len(raw)-1]), true
	}
	var v string
	err := json.Unmarshal(raw, &v)
	return prefix + v, err == nil
}

// int reads a JSON integer: no fraction, no exponent.
func (s *wireScan) int() (int64, bool) {
	s.space()
	j := s.i
	if j < len(s.b) && s.b[j] == '-' {
		j++
	}
	d := j
	for j < len(s.b) && s.b[j] >= '0' && s.b[j] <= '9' {
		j++
	}
	if j == d || (s.b[d] == '0' && j > d+1) {
		return 0, false
	}
	if j < len(s.b) {
		switch s.b[j] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	v, err := strconv.ParseInt(string(s.b[s.i:j]), 10, 64)
	s.i = j
	return v, err == nil
}

func (s *wireScan) bool() (bool, bool) {
	s.space()
	for _, lit := range [...]string{"false", "true"} {
		if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
			s.i += len(lit)
			return lit == "true", true
		}
	}
	return false, false
}

// array calls item for each element of an array; an empty array is still
// an array (encoding/json makes an empty, non-nil slice of it).
func (s *wireScan) array(item func() bool) bool {
	if !s.next('[') {
		return false
	}
	if s.next(']') {
		return true
	}
	for {
		if !item() {
			return false
		}
		if s.next(']') {
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// object calls member for each key of an object, the scanner before its
// value.
func (s *wireScan) object(member func(key string) bool) bool {
	if !s.next('{') {
		return false
	}
	if s.next('}') {
		return true
	}
	for {
		key, ok := s.str("")
		if !ok || !s.next(':') || !member(key) {
			return false
		}
		if s.next('}') {
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// strs reads an array of strings, each after prefix.
func (s *wireScan) strs(prefix string) ([]string, bool) {
	out := []string{}
	ok := s.array(func() bool {
		v, ok := s.str(prefix)
		out = append(out, v)
		return ok
	})
	return out, ok
}

func (s *wireScan) strMap() (map[string]string, bool) {
	out := map[string]string{}
	ok := s.object(func(key string) bool {
		v, ok := s.str("")
		out[key] = v
		return ok
	})
	return out, ok
}

func (s *wireScan) options() ([]Option, bool) {
	out := []Option{}
	ok := s.array(func() bool {
		var o Option
		ok := s.object(func(key string) bool {
			var ok bool
			switch key {
			case "label":
				o.Label, ok = s.str("")
			case "payload":
				o.Payload, ok = s.str("")
			case "short":
				o.Short, ok = s.str("")
			}
			return ok
		})
		out = append(out, o)
		return ok
	})
	return out, ok
}

func (s *wireScan) request() (*Request, bool) {
	r := &Request{}
	ok := s.object(func(key string) bool {
		switch key {
		case "text":
			var ok bool
			r.Text, ok = s.str("")
			return ok
		case "at":
			raw, _, ok := s.rawStr()
			return ok && r.At.UnmarshalJSON(raw) == nil
		}
		return false
	})
	return r, ok
}

// nested reads a value with encoding/json: the parts of a state that are
// rare enough not to matter.
func nestedInto[T any](s *wireScan, p **T) bool {
	raw, ok := s.skip()
	if !ok {
		return false
	}
	v := new(T)
	if json.Unmarshal(raw, v) != nil {
		return false
	}
	*p = v
	return true
}

func (s *wireScan) nested(p any) bool {
	switch p := p.(type) {
	case **Form:
		return nestedInto(s, p)
	case **Pending:
		return nestedInto(s, p)
	case **Held:
		return nestedInto(s, p)
	}
	return false
}

// skip returns the next object's bytes (only objects are nested) without
// checking them: encoding/json does, on exactly those bytes.
func (s *wireScan) skip() ([]byte, bool) {
	s.space()
	if s.i >= len(s.b) || s.b[s.i] != '{' {
		return nil, false
	}
	start, depth := s.i, 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			if _, _, ok := s.rawStr(); !ok {
				return nil, false
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				s.i++
				return s.b[start:s.i], true
			}
		}
		s.i++
	}
	return nil, false
}
