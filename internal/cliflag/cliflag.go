// Package cliflag gives the commands (cmd/guichet, cmd/guichet-load) one
// way to describe and parse their flags: -h prints a real usage (the
// command line with its arguments, what it does, its flags) on stdout and
// exits 0; a wrong flag or a missing argument prints the problem and the
// usage on stderr and exits 2.
package cliflag

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit statuses of a command that stops while parsing its arguments.
const (
	ExitHelp  = 0 // -h or --help
	ExitUsage = 2 // misuse: unknown flag, missing or extra argument
)

// Config adds --config to fs. The default is $GUICHET_CONFIG, else
// config.yaml when it exists in the working directory, else built-in
// defaults; the help says so rather than printing the default found in
// this directory.
func Config(fs *flag.FlagSet, getenv func(string) string) *string {
	path := getenv("GUICHET_CONFIG")
	if path == "" {
		if _, err := os.Stat("config.yaml"); err == nil {
			path = "config.yaml"
		}
	}
	fs.Var(pathValue{&path}, "config", "configuration `FILE` (default: $GUICHET_CONFIG, else ./config.yaml when present, else built-in defaults; \"\": built-in defaults)")
	return &path
}

// pathValue is a string flag whose default is described in its help
// rather than printed after it.
type pathValue struct{ p *string }

func (v pathValue) String() string { return "" }

func (v pathValue) Set(s string) error { *v.p = s; return nil }

// Parse parses args into fs, whose usage is synopsis (the command line,
// then what the command does) followed by the flags. With interspersed,
// flags may also follow the positional arguments ("agent add alice
// --role supervisor"). It returns the positional arguments; ok is false
// when the command must exit with code now (help shown, or misuse).
func Parse(fs *flag.FlagSet, args []string, synopsis string, stdout, stderr io.Writer, interspersed bool) (pos []string, code int, ok bool) {
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	fs.Usage = func() { Usage(&buf, fs, synopsis) }
	defer fs.SetOutput(stderr)
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			stdout.Write(buf.Bytes()) //nolint:errcheck // nothing better to do
			return nil, ExitHelp, false
		case err != nil:
			stderr.Write(buf.Bytes()) //nolint:errcheck
			return nil, ExitUsage, false
		}
		if !interspersed {
			return fs.Args(), 0, true
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// Usage prints "usage: " synopsis, then fs's flags.
func Usage(w io.Writer, fs *flag.FlagSet, synopsis string) {
	fmt.Fprintf(w, "usage: %s\n", strings.TrimSpace(synopsis))
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "\nflags:")
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}

// Misuse prints what is wrong with a command line (prog is the command's
// full name, "guichet kb check"), then its usage, on w, and returns
// ExitUsage.
func Misuse(w io.Writer, fs *flag.FlagSet, prog, synopsis, format string, args ...any) int {
	fmt.Fprintf(w, "%s: %s\n", prog, fmt.Sprintf(format, args...))
	Usage(w, fs, synopsis)
	return ExitUsage
}
