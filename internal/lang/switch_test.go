package lang

import (
	"strings"
	"testing"
)

func TestRequested(t *testing.T) {
	for _, c := range []struct {
		text string
		want Lang
		ok   bool
	}{
		{"in English please", English, true},
		{"English please", English, true},
		{"can you speak english?", English, true},
		{"Do you speak English", English, true},
		{"parlez-vous anglais ?", English, true},
		{"en anglais svp", English, true},
		{"tu parles anglais ?", English, true},
		{"vous parlez anglais ?", English, true},
		{"tu parles français ?", French, true},
		{"tu as perdu ton permis anglais", Unknown, false},
		{"I don't speak French", English, true},
		{"sorry my french is bad, can you answer in english", English, true},
		{"en français", French, true},
		{"en francais svp", French, true},
		{"French please", French, true},
		{"can we continue in french", French, true},
		{"je ne parle pas anglais", French, true},
		{"I lost my English licence", Unknown, false},
		{"permis de conduire anglais échange", Unknown, false},
		{"english or french", Unknown, false},
		{"bonjour", Unknown, false},
		{"", Unknown, false},
	} {
		got, ok := Requested(c.text)
		if got != c.want || ok != c.ok {
			t.Errorf("Requested(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}

// The word count that spares long messages their split never says a short
// request is long.
func TestFewWordsAgreesWithWords(t *testing.T) {
	for _, text := range []string{"", "in English please", "en français s'il vous plaît", "İstanbul ⅰ Ⓐ x",
		"one two three four five six seven eight nine ten eleven twelve thirteen fourteen",
		"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
		"j'ai perdu mon permis, je fais comment ?", "\xff\xfe bad bytes", "3 ans 16ans"} {
		for n := 0; n <= 16; n++ {
			if got, want := fewWords(text, n), len(words(text)) <= n; got != want {
				t.Errorf("fewWords(%q, %d) = %v, want %v", text, n, got, want)
			}
		}
	}
}

// known takes its shortcut only when it would rebuild the word as it is.
func TestKnownShortcut(t *testing.T) {
	for _, text := range []string{"mercii thankss helloo", "permis passeport", "ºº µµ aª", "été çà œuvre", "x İİ ǅǅ"} {
		for _, w := range words(text) {
			w = fold(w)
			var b strings.Builder
			for i, r := range w {
				if i == 0 || r != rune(w[i-1]) {
					b.WriteRune(r)
				}
			}
			if got, want := known(w), b.String(); frenchWords[w] == 0 && englishWords[w] == 0 && got != want {
				t.Errorf("known(%q) = %q, want %q", w, got, want)
			}
		}
	}
}
