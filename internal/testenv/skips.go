package testenv

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// EnvSkipReport names a file to which Main appends its skip lines, for a
// script that prints them once at the end of a whole run (make test).
const EnvSkipReport = "GUICHET_TEST_SKIP_REPORT"

// skips are the integration tests of this test binary that Skip skipped.
var skips struct {
	sync.Mutex
	list []skip
}

type skip struct{ test, why string }

func recordSkip(test, why string) {
	skips.Lock()
	skips.list = append(skips.list, skip{test, why})
	skips.Unlock()
}

func skipped() []skip {
	skips.Lock()
	defer skips.Unlock()
	return append([]skip(nil), skips.list...)
}

// reportSkips tells, once the tests of a package have run, which
// integration tests were skipped and why: `go test ./...` shows a passing
// package's output only with -v, so a skipped browser or Redis test would
// otherwise pass unseen. The lines go to $GUICHET_TEST_SKIP_REPORT when
// set, else to the terminal go test runs in, else to stderr.
func reportSkips() {
	list := skipped()
	if len(list) == 0 {
		return
	}
	w, done := skipOutput()
	defer done()
	writeSkips(w, packageDir(), list)
}

func skipOutput() (io.Writer, func()) {
	if path := os.Getenv(EnvSkipReport); path != "" {
		if f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
			return f, func() { f.Close() }
		}
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		return tty, func() { tty.Close() }
	}
	return os.Stderr, func() {}
}

// writeSkips prints one line per skipped test.
func writeSkips(w io.Writer, pkg string, list []skip) {
	for _, s := range list {
		fmt.Fprintf(w, "SKIP integration test %s %s: %s\n", pkg, s.test, s.why)
	}
}

// packageDir names the package under test as its directory in the module
// (go test runs a test binary in its package's directory).
func packageDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "?"
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if rel, err := filepath.Rel(dir, wd); err == nil {
				return "./" + filepath.ToSlash(rel)
			}
			return wd
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}
