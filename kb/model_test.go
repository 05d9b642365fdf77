package kb

import (
	"math"
	"strings"
	"testing"
)

// What MarshalModel writes, ParseModel reads back unchanged.
func TestModelRoundTrip(t *testing.T) {
	m := loadValid(t).Model()
	if m.Thresholds.Answer != 0.37 || m.Weights.Behind != -4.804 {
		t.Fatalf("fixture model = %+v", m)
	}
	m.Weights.Unnamed, m.Thresholds.Clarify = 1.5, 0.2
	m.Weights.Class, m.Weights.ClassMargin = 1.25, 3
	m.Fitted = Fitted{Command: "guichet eval --fit x.jsonl", Date: "2026-12-06", Entries: "abc", Examples: 12}
	data, err := MarshalModel(m)
	if err != nil {
		t.Fatal(err)
	}
	got, probs := ParseModel(ModelFile, data)
	if len(probs) > 0 || got != m {
		t.Errorf("ParseModel(MarshalModel(m)) = %+v, %v; want %+v", got, probs, m)
	}
}

// A model file fitted before the classifier's weights existed still
// loads, with those weights 0; an older weight stays required.
func TestModelWithoutClassifierWeights(t *testing.T) {
	m := loadValid(t).Model() // the fixture has no "class" nor "class_margin"
	if m.Weights.Class != 0 || m.Weights.ClassMargin != 0 || m.Weights.Margin != 1.804 {
		t.Errorf("fixture weights = %+v", m.Weights)
	}
	fsys := validFS(t)
	edit(fsys, ModelFile, `"para_weight": 0`, `"class": 0.5`)
	data, err := fsys.ReadFile(ModelFile)
	if err != nil {
		t.Fatal(err)
	}
	_, probs := ParseModel(ModelFile, data)
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "missing para_weight") {
		t.Errorf("model without para_weight: problems %v", probs)
	}
}

func TestMarshalModelRefusesBadValues(t *testing.T) {
	m := loadValid(t).Model()
	for name, edit := range map[string]func(*Model){
		"NaN weight":        func(m *Model) { m.Weights.Mass = math.NaN() },
		"huge weight":       func(m *Model) { m.Weights.Bias = -1e6 },
		"answer above 1":    func(m *Model) { m.Thresholds.Answer = 1.5 },
		"clarify above ans": func(m *Model) { m.Thresholds.Clarify = 0.9 },
	} {
		bad := m
		edit(&bad)
		if _, err := MarshalModel(bad); err == nil {
			t.Errorf("%s: MarshalModel accepted %+v", name, bad)
		}
	}
}

// The model is part of the KB's version, so that a reload picks up a
// refit alone; EntriesVersion ignores it, so that a model can tell which
// entries it was fitted on.
func TestModelVersions(t *testing.T) {
	fsys := validFS(t)
	a := mustLoad(t, fsys)
	edit(fsys, ModelFile, `"bias": -5.15`, `"bias": -5`)
	b := mustLoad(t, fsys)
	if a.Version() == b.Version() || a.EntriesVersion() != b.EntriesVersion() {
		t.Errorf("versions %s/%s and %s/%s: the model must change Version only", a.Version(), a.EntriesVersion(), b.Version(), b.EntriesVersion())
	}
	if b.Model().Weights.Bias != -5 {
		t.Errorf("bias = %g", b.Model().Weights.Bias)
	}
	if b.ModelIsStale() {
		t.Error("a model that records no entries version is not stale")
	}
	edit(fsys, ModelFile, `"fitted": {`, `"fitted": {"entries_version": "`+a.EntriesVersion()+`",`)
	if c := mustLoad(t, fsys); c.ModelIsStale() {
		t.Error("model fitted on these entries reported stale")
	}
	edit(fsys, "permis.yaml", "25 €", "25 euros")
	if d := mustLoad(t, fsys); !d.ModelIsStale() {
		t.Error("model fitted on other entries not reported stale")
	}
}

func TestWithoutKeepsTheRest(t *testing.T) {
	k := loadValid(t)
	m := k.Model()
	m.Thresholds.Answer = 0.5
	w := k.Without(map[string]bool{"permis.vol": true}, m)
	if w.Entry("permis.vol") != nil || w.Entry("permis.perte") == nil || len(w.Entries()) != len(k.Entries())-1 {
		t.Errorf("Without: %d entries", len(w.Entries()))
	}
	if w.Model().Thresholds.Answer != 0.5 || k.Model().Thresholds.Answer != 0.37 {
		t.Error("Without did not take the given model, or changed the original")
	}
	if !strings.HasPrefix(w.Version(), k.Version()) || w.Version() == k.Version() {
		t.Errorf("version %q of %q", w.Version(), k.Version())
	}
}
