package messenger

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"strings"
)

// Signature headers Meta sets on every webhook POST.
const (
	HeaderSignature256 = "X-Hub-Signature-256" // sha256=<hex>
	HeaderSignature1   = "X-Hub-Signature"     // sha1=<hex>, legacy
)

var (
	errNoSignature  = errors.New("missing X-Hub-Signature-256 header")
	errBadSignature = errors.New("signature does not match the body (check GUICHET_MESSENGER_APP_SECRET)")
)

// checkSignature verifies the HMAC of the raw body, before any decoding:
// Meta signs the bytes it sends (with \u00e9-style escapes), not a
// re-encoding. The sha1 header is used only when the sha256 one is absent.
func checkSignature(secret string, body []byte, sig256, sig1 string) error {
	switch {
	case sig256 != "":
		return checkMAC(sha256.New, secret, body, sig256, "sha256=")
	case sig1 != "":
		return checkMAC(sha1.New, secret, body, sig1, "sha1=")
	}
	return errNoSignature
}

func checkMAC(h func() hash.Hash, secret string, body []byte, header, prefix string) error {
	hexSig, ok := strings.CutPrefix(header, prefix)
	if !ok {
		return errBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return errBadSignature
	}
	m := hmac.New(h, []byte(secret))
	m.Write(body)
	if !hmac.Equal(got, m.Sum(nil)) {
		return errBadSignature
	}
	return nil
}

// Sign returns the X-Hub-Signature-256 value Meta would send for body.
// The simulate and loadtest commands and the tests use it.
func Sign(appSecret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// SignSHA1 returns the legacy X-Hub-Signature value for body.
func SignSHA1(appSecret string, body []byte) string {
	m := hmac.New(sha1.New, []byte(appSecret))
	m.Write(body)
	return "sha1=" + hex.EncodeToString(m.Sum(nil))
}
