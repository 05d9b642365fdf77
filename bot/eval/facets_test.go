package eval

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestReadFacetCasesSaysWhatToFix(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"say": "x", "facet": "prix"}`, `facets.jsonl:1: facet "prix" is not one of cout, delai, pieces, demarche, validite, en-attendant, qui or none`},
		{`{"say": " ", "facet": "cout"}`, "facets.jsonl:1: say is empty"},
		{`{"say": "x", "facet": "cout", "text": "y"}`, `facets.jsonl:1: json: unknown field "text"`},
		{`{"say": "x", "facet": "none"}` + "\n\n" + `{"say": "y"`, "facets.jsonl:3: unexpected EOF"},
	}
	for _, tt := range tests {
		_, err := ReadFacetCases(strings.NewReader(tt.in), "facets.jsonl")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadFacetCases(%s) = %v, want an error containing %q", tt.in, err, tt.want)
		}
	}
	cases, err := ReadFacetCases(strings.NewReader(`{"say": "c'est payant ?", "facet": "cout", "style": "sms"}`+"\n"), "facets.jsonl")
	if err != nil || len(cases) != 1 || cases[0].Facet != "cout" || cases[0].Style != "sms" || cases[0].Line != 1 {
		t.Fatalf("ReadFacetCases = %+v, %v", cases, err)
	}
}

func TestJudgeFacet(t *testing.T) {
	tests := []struct {
		expect string
		read   []string
		want   string
	}{
		{"cout", []string{"cout"}, FacetRight},
		{"cout", []string{"cout", "delai"}, FacetRight},
		{"delai", []string{"cout", "delai"}, FacetWrong}, // the first read is the one answered first
		{"validite", []string{"cout"}, FacetWrong},
		{"validite", nil, FacetMissed},
		{"none", nil, FacetRight},
		{"none", []string{"demarche"}, FacetSpurious},
	}
	for _, tt := range tests {
		if got := judgeFacet(tt.expect, tt.read); got != tt.want {
			t.Errorf("judgeFacet(%s, %v) = %s, want %s", tt.expect, tt.read, got, tt.want)
		}
	}
}

func TestRunFacets(t *testing.T) {
	cases := []FacetCase{
		{Say: "c'est payant ?", Facet: "cout", Style: "sms"},
		{Say: "quel délai pour l'avoir ?", Facet: "delai"},
		{Say: "combien d'années est valable un passeport", Facet: "validite"},
		{Say: "j'ai perdu mon permis", Facet: "none"},
		{Say: "j'ai perdu mon permis", Facet: "pieces"},          // mislabelled on purpose: counted missed
		{Say: "c'est gratuit ?", Facet: "validite", Decoy: true}, // mislabelled on purpose: counted wrong
	}
	var out bytes.Buffer
	c := RunFacets(fixture(), cases, Failures, &out)
	if c.Total != 6 || c.Right != 4 || c.Wrong != 1 || c.Missed != 1 || c.Spurious != 0 {
		t.Fatalf("counts = %+v, want 6 cases, 4 right, 1 wrong, 1 missed\n%s", c, out.String())
	}
	if !strings.Contains(out.String(), `missed    "j'ai perdu mon permis" expect pieces, read none`) ||
		!strings.Contains(out.String(), `wrong     "c'est gratuit ?" expect validite, read cout`) {
		t.Errorf("failures printed:\n%s", out.String())
	}
	var rep bytes.Buffer
	if c.Report(&rep, 0.5, 0.1) {
		t.Errorf("Report passed with 16.7%% wrong facets against a 10%% gate:\n%s", rep.String())
	} else if !strings.Contains(rep.String(), "right 4 (66.7%)") || !strings.Contains(rep.String(), "FAIL: wrong facets 16.7% > 10.0%") {
		t.Errorf("report:\n%s", rep.String())
	}
	rep.Reset()
	if !c.Report(&rep, 0.5, 0.17) || !strings.Contains(rep.String(), "by style: sms 100% (1) unlabelled 60% (5)") ||
		!strings.Contains(rep.String(), "with a misleading cue: 1, right 0.0%, another facet read 1 (100.0%)") {
		t.Errorf("report with gates met:\n%s", rep.String())
	}
	out.Reset()
	RunFacets(fixture(), cases[:1], JSON, &out)
	var r FacetResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || r.Result != FacetRight || r.Expect != "cout" || len(r.Read) != 1 {
		t.Errorf("JSON output %s: %+v, %v", out.String(), r, err)
	}
}
