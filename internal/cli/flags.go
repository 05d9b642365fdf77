package cli

import (
	"flag"

	"github.com/guichet/guichet/internal/cliflag"
)

// FlagSet starts a subcommand's flags, named as in its usage ("incidents
// export"): errors go to stderr, and --config (see cliflag.Config) is
// there for every subcommand.
func (e *Env) FlagSet(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	return fs, cliflag.Config(fs, e.Getenv)
}

// Parse parses a subcommand's flags (see cliflag.Parse): -h prints the
// usage on stdout, exit 0; a wrong flag prints it on stderr, exit 2. ok is
// false when the subcommand must return code now.
func (e *Env) Parse(fs *flag.FlagSet, args []string, synopsis string) (code int, ok bool) {
	_, code, ok = cliflag.Parse(fs, args, synopsis, e.Stdout, e.Stderr, false)
	return code, ok
}

// ParseInterspersed is Parse for subcommands that accept flags before and
// after their positional arguments, which it returns.
func (e *Env) ParseInterspersed(fs *flag.FlagSet, args []string, synopsis string) (pos []string, code int, ok bool) {
	return cliflag.Parse(fs, args, synopsis, e.Stdout, e.Stderr, true)
}

// UsageError prints a misuse of a subcommand (a missing or extra
// argument) with its usage on stderr, and returns ExitUsage.
func (e *Env) UsageError(fs *flag.FlagSet, synopsis, format string, args ...any) int {
	return cliflag.Misuse(e.Stderr, fs, e.Program+" "+fs.Name(), synopsis, format, args...)
}
