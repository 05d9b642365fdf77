package testenv

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// EvalTexts returns the messages of the repository's evaluation set
// (testdata/eval/cases.jsonl), for benchmarks that want realistic text.
func EvalTexts(tb testing.TB) []string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "eval", "cases.jsonl")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.Text != "" {
			texts = append(texts, c.Text)
		}
	}
	if len(texts) == 0 {
		tb.Fatalf("no texts in %s", path)
	}
	return texts
}
