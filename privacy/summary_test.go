package privacy

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// maskWithoutSummary is Mask without its shortcuts: every rule runs on
// the whole text.
func maskWithoutSummary(s string) string {
	for _, r := range rules {
		s = r.apply(s)
	}
	return maskNumbers(s)
}

// FuzzMask checks that the summary never skips a rule that would have
// matched, and that masking twice changes nothing more.
func FuzzMask(f *testing.F) {
	for _, s := range []string{
		"06 12 34 56 78", "+33 (0)6 12 34 56 78", "0033612345678", "jean.dupont@gmail.com",
		"a (at) b.fr", "x [at] y.com", "AB-123-CD", "ab123cd", "1234 AB 75", "123 ABC 2A",
		"789 TRE 974", "21 AB 12345", "1234 5678 9012", "le 12/03/2025 à 14h30", "de 150 km",
		"2 ans 10", "AB 123 CD", "tel0612345678", "12\u00a0345\u00a0678", "+32 470 12 34 56",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Mask(s)
		if want := maskWithoutSummary(s); got != want {
			t.Fatalf("Mask(%q) = %q, but every rule applied gives %q", s, got, want)
		}
		if again := Mask(got); again != got {
			t.Fatalf("Mask(Mask(%q)) = %q, want %q", s, again, got)
		}
	})
}

// TestShortcutsChangeNothing compares Mask with maskWithoutSummary on
// random texts built from the pieces identifiers are made of (a fixed
// seed, so that a failure can be replayed).
func TestShortcutsChangeNothing(t *testing.T) {
	pieces := []string{"0", "1", "2", "3", "6", "9", " ", "-", ".", "/", "+", "(", ")", "@", "a", "A", "B",
		"h", "x", "é", "\u00a0", "\u202f", "[", "at", "(at)", "00", "T", ":", "\xff", "gmail.com", "fr",
		"\n", "\t"}
	r := rand.New(rand.NewPCG(3, 8))
	for range 5000 {
		var b strings.Builder
		for k := r.IntN(30); k > 0; k-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := Mask(s), maskWithoutSummary(s); got != want || Mask(got) != got {
			t.Fatalf("Mask(%q) = %q, every rule on the whole text gives %q (and masking again gives %q)",
				s, got, want, Mask(got))
		}
	}
}
