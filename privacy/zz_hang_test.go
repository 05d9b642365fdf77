package privacy
import ("testing";"time";"math/rand/v2")
func TestHang(t *testing.T) {
	alpha := []string{"0","1","2","3","6","9"," ","-",".","/","+","(",")","@","a","A","B","h","x","é","\u00a0","\u202f","[","at","00","T",":","\xff"}
	r := rand.New(rand.NewPCG(1,2))
	for n := 0; n < 300000; n++ {
		var s string
		for k := r.IntN(30); k > 0; k-- { s += alpha[r.IntN(len(alpha))] }
		done := make(chan bool, 1)
		go func() { Mask(s); maskWithoutSummary(s); done <- true }()
		select { case <-done: case <-time.After(2*time.Second): t.Fatalf("hang on %q", s) }
	}
}
