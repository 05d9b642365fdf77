package guichet

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that adapters can map it to a status code
// (HTTP, WebSocket, CLI exit) in one place.
type Kind uint8

// Error kinds.
const (
	Other        Kind = iota // unclassified
	Invalid                  // the input is wrong; the message says what to fix
	NotFound                 // no such item
	Conflict                 // state changed meanwhile (ticket already claimed, version mismatch)
	Forbidden                // not allowed for this caller or in this state
	Unauthorized             // missing or wrong credentials
	Unavailable              // a dependency is down or too slow; retrying may work
	TooMany                  // rate limited
)

var kindNames = [...]string{"other", "invalid", "not_found", "conflict", "forbidden", "unauthorized", "unavailable", "too_many"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "other"
}

// Error carries the operation that failed and a kind.
type Error struct {
	Op   string // what was being done: "store: append", "messenger: send"
	Kind Kind
	Err  error
}

func (e *Error) Error() string {
	if e.Op == "" {
		return e.Err.Error()
	}
	return e.Op + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// E wraps err with an operation and a kind. It returns nil for a nil err.
func E(kind Kind, op string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Op: op, Kind: kind, Err: err}
}

// Errorf builds an error of a kind from a format.
func Errorf(kind Kind, op, format string, args ...any) error {
	return &Error{Op: op, Kind: kind, Err: fmt.Errorf(format, args...)}
}

// KindOf returns the kind of the outermost classified error in err's chain,
// or Other.
func KindOf(err error) Kind {
	var e *Error
	for err != nil {
		if !errors.As(err, &e) {
			return Other
		}
		if e.Kind != Other {
			return e.Kind
		}
		err = e.Err
	}
	return Other
}

// Is reports whether err has the given kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }
