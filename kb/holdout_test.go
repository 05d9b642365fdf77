package kb

import "testing"

func TestHoldOut(t *testing.T) {
	k, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	reduced, held := k.HoldOut(5)
	if len(held) == 0 {
		t.Fatal("nothing held out")
	}
	total := 0
	for i, e := range reduced.Entries() {
		orig := k.Entries()[i]
		if len(e.Questions) < MinParaphrase {
			t.Errorf("%s keeps %d paraphrases", e.ID, len(e.Questions))
		}
		total += len(orig.Questions) - len(e.Questions)
		if reduced.Entry(e.ID) != e {
			t.Errorf("%s: index by id broken", e.ID)
		}
	}
	if total != len(held) {
		t.Errorf("held %d paraphrases, entries lost %d", len(held), total)
	}
	if n := len(k.Entry("permis.perte").Questions); n < 20 {
		t.Errorf("HoldOut changed the original KB: permis.perte has %d questions", n)
	}
}
