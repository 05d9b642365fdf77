package lang

import "testing"

func BenchmarkDetect(b *testing.B) {
	d := NewDetector("carte grise perdue", "passeport renouvellement mairie")
	texts := []string{"jai perdu mon permi", "I lost my french driving licence somewhere in the metro, comment je fais la déclaration de perte svp", "thanks a lot !"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.Detect(texts[i%len(texts)])
	}
}
