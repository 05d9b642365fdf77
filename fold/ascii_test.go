package fold

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The shortcut for plain ASCII folds as the rune by rune path does.
func TestLowerASCIIFoldsLikeRunes(t *testing.T) {
	var all strings.Builder
	for c := byte(0); c < utf8.RuneSelf; c++ {
		all.WriteByte(c)
	}
	for _, s := range []string{"", "permis perdu", "J'AI PERDU MON Permis !", "a`b@c[d{e", all.String()} {
		got, ok := lowerASCII(s)
		var want strings.Builder
		for _, r := range s {
			want.WriteRune(unicode.ToLower(r))
		}
		if !ok || got != want.String() {
			t.Errorf("lowerASCII(%q) = %q, %v, want %q", s, got, ok, want.String())
		}
	}
	if _, ok := lowerASCII("été"); ok {
		t.Error("lowerASCII took a non-ASCII text")
	}
}
