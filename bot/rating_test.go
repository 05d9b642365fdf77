package bot

import (
	"testing"

	"github.com/guichet/guichet/kb/match"
)

func TestReadRating(t *testing.T) {
	for _, c := range []struct {
		text string
		want int // 0: not a rating
	}{
		{"4", 4}, {"4/5", 4}, {"5/5", 5}, {"4 sur 5", 4}, {"4 étoiles", 4}, {"je mets 3", 3}, {"note : 2", 2},
		{"1", 1}, {" 5 ! ", 5}, {"4, très bien", 4}, {"I'd give it 4 out of 5", 4},
		{"bien", 4}, {"très bien", 5}, {"Très bien merci !", 5}, {"c'était très bien", 5}, {"nul", 1},
		{"bof", 2}, {"super", 5}, {"good", 4}, {"bad", 2}, {"pas terrible", 2}, {"moyen", 3}, {"parfait, merci beaucoup", 5},
		{"0", 0}, {"6", 0}, {"10/10", 0}, {"3 4", 0}, {"merci", 0}, {"ok", 0}, {"", 0},
		{"comment renouveler mon passeport ?", 0}, {"bien reçu, et pour ma carte grise ?", 0},
		{"mon numéro est 4", 0}, {"j'ai perdu mon permis", 0},
	} {
		n, ok := readRating(match.Canonical(c.text))
		if ok != (c.want != 0) || ok && n != c.want {
			t.Errorf("%q: got %d, %v; want %d", c.text, n, ok, c.want)
		}
	}
}
