package web

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Bounds of the fields a client sends.
const (
	maxClientIDLen = 64
	maxPayloadLen  = 256
	subjectLen     = 32 // 128 random bits in hex, as dispatch.NewID makes them
)

// frameLimit is the largest frame read: widget.max_frame_bytes, raised
// so that a message of maxChars characters fits however its JSON escapes
// them (12 bytes for a character written as a surrogate pair of \uXXXX),
// with a payload and the other fields. A text too long then gets the
// `invalid` answer that says so; only a frame far beyond any valid message
// closes the socket (1009).
func (ch *Channel) frameLimit() int64 {
	return max(ch.cfg.MaxFrameBytes, int64(12*ch.maxChars+6*maxPayloadLen+1024))
}

// checkSubject accepts only conversation ids the server could have issued,
// so that a client cannot pick a short, guessable one.
func checkSubject(s string) error {
	if len(s) != subjectLen {
		return fmt.Errorf("conversation must be the %d-character id the server gave", subjectLen)
	}
	for i := 0; i < len(s); i++ {
		if !isHexLower(s[i]) {
			return fmt.Errorf("conversation must be lower-case hexadecimal")
		}
	}
	return nil
}

func isHexLower(b byte) bool { return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' }

// checkClientID accepts ids such as a UUID: they end up in event ids and
// dedupe keys.
func checkClientID(id string) error {
	if id == "" || len(id) > maxClientIDLen {
		return fmt.Errorf("message id must be 1 to %d characters", maxClientIDLen)
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
			return fmt.Errorf("message id may hold only letters, digits, '-' and '_'")
		}
	}
	return nil
}

// checkMessage returns a French text for the citizen when the message
// cannot be accepted.
func checkMessage(f inbound, maxChars int) string {
	if strings.TrimSpace(f.Text) == "" && f.Payload == "" {
		return "Votre message est vide."
	}
	if n := utf8.RuneCountInString(f.Text); n > maxChars {
		return fmt.Sprintf("Votre message est trop long (%d caractères, %d au plus) : raccourcissez-le.", n, maxChars)
	}
	if len(f.Payload) > maxPayloadLen {
		return "Ce choix n'est pas reconnu."
	}
	return ""
}
