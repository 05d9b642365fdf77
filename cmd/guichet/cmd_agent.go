package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/internal/cliflag"
)

func init() {
	commands["agent"] = cli.Command{Summary: "agent accounts of the console: add, token, revoke, list", Run: runAgent}
}

func runAgent(e *cli.Env) int {
	return e.Subcommands("agent", map[string]func(*cli.Env, []string) int{
		"add": agentAdd, "token": agentToken, "revoke": agentRevoke, "list": agentList}, agentUsage)
}

func agentUsage(w io.Writer) {
	fmt.Fprintln(w, `usage:
  guichet agent add NAME [--role agent|supervisor] [--display-name "Name"] [--password-stdin]
      create the account, or set a new password, role and display name
      (the password is asked twice, or read from the first line of stdin)
  guichet agent token NAME   print a new API token for NAME, once: only its hash is kept
  guichet agent revoke NAME  end all of NAME's console sessions and delete their API tokens
                             (every instance sees it within seconds; a new password ends sessions too)
  guichet agent list         show the accounts
Common flags: --config FILE (for handoff.accounts_file), --accounts FILE (overrides it).`)
}

// agentSynopsis is each subcommand's usage.
var agentSynopsis = map[string]string{
	"add": `guichet agent add NAME [--role agent|supervisor] [--display-name "Name"] [--password-stdin] [flags]

Create the account NAME (lowercase letters, digits, '.', '-', '_'), or set
a new password, role and display name. On a terminal the password is asked
twice, and asked again when too short or when the two differ; with
--password-stdin it is the first line of standard input.`,
	"token": `guichet agent token NAME [flags]

Print a new API token for NAME, once: only its hash is kept.`,
	"revoke": `guichet agent revoke NAME [flags]

End all of NAME's console sessions and delete their API tokens (every
instance sees it within seconds).`,
	"list": `guichet agent list [flags]

Show the accounts: name, role, number of API tokens, display name.`,
}

// agentFlags are the flags every agent subcommand takes.
type agentFlags struct {
	e        *cli.Env
	name     string
	fs       *flag.FlagSet
	config   *string
	accounts *string
}

func newAgentFlags(name string, e *cli.Env) *agentFlags {
	fs := flag.NewFlagSet("agent "+name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	return &agentFlags{e: e, name: name, fs: fs, config: cliflag.Config(fs, e.Getenv),
		accounts: fs.String("accounts", "", "accounts `FILE` (default: handoff.accounts_file of the configuration)")}
}

// parse accepts flags before and after the positional arguments
// ("agent add alice --role supervisor" as well as "agent add --role
// supervisor alice") and checks that there are want of them. ok false:
// return code.
func (f *agentFlags) parse(args []string, want int) (pos []string, code int, ok bool) {
	pos, code, ok = f.e.ParseInterspersed(f.fs, args, agentSynopsis[f.name])
	if ok && len(pos) != want {
		if want == 0 {
			return nil, f.e.UsageError(f.fs, agentSynopsis[f.name], "unexpected argument %q", pos[0]), false
		}
		return nil, f.e.UsageError(f.fs, agentSynopsis[f.name], "want exactly one NAME"), false
	}
	return pos, code, ok
}

// path is the accounts file: --accounts, else the configuration's. The
// configuration is loaded but not validated as a whole, so that an
// operator's shell without the Messenger secrets can still manage accounts.
func (f *agentFlags) path() (string, error) {
	if *f.accounts != "" {
		return *f.accounts, nil
	}
	cfg, err := config.Load(*f.config, f.e.Getenv)
	if err != nil {
		return "", fmt.Errorf("configuration: %w", err)
	}
	if cfg.Handoff.AccountsFile == "" {
		return "", errors.New("handoff.accounts_file is empty: set it or pass --accounts FILE")
	}
	return cfg.Handoff.AccountsFile, nil
}

// update loads the accounts file (an empty one when orNew and there is
// none), changes it with change and saves it. A failure is printed; ok is
// false then.
func (f *agentFlags) update(orNew bool, change func(*console.Accounts) error) (path string, ok bool) {
	path, err := f.path()
	var acc *console.Accounts
	if err == nil {
		acc, err = console.LoadAccounts(path)
	}
	if orNew && guichet.Is(err, guichet.NotFound) {
		acc, err = &console.Accounts{}, nil
	}
	if err == nil {
		err = change(acc)
	}
	if err == nil {
		err = acc.Save(path)
	}
	if err != nil {
		f.e.Failf("guichet agent %s: %v", f.name, err)
		return "", false
	}
	return path, true
}

func agentAdd(e *cli.Env, args []string) int {
	f := newAgentFlags("add", e)
	role := f.fs.String("role", "agent", "agent or supervisor")
	display := f.fs.String("display-name", "", "name the citizens and other agents see (default: NAME)")
	fromStdin := f.fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	pos, code, ok := f.parse(args, 1)
	if !ok {
		return code
	}
	name := pos[0]
	if err := console.CheckName(name); err != nil {
		e.Failf("guichet agent add: %v", err)
		return cli.ExitUsage
	}
	if r := console.Role(*role); r != console.RoleAgent && r != console.RoleSupervisor {
		return e.UsageError(f.fs, agentSynopsis["add"], "--role %q: want agent or supervisor", *role)
	}
	path, ok := f.update(true, func(acc *console.Accounts) error {
		pw, err := e.ReadPassword(*fromStdin, console.MinPassword)
		if err != nil {
			return err
		}
		return acc.Set(name, *display, console.Role(*role), pw)
	})
	if !ok {
		return cli.ExitFail
	}
	fmt.Fprintf(e.Stdout, "account %s (%s) saved in %s\n", name, *role, path)
	return cli.ExitOK
}

func agentToken(e *cli.Env, args []string) int {
	f := newAgentFlags("token", e)
	pos, code, ok := f.parse(args, 1)
	if !ok {
		return code
	}
	var token string
	if _, ok := f.update(false, func(acc *console.Accounts) (err error) {
		token, err = acc.NewToken(pos[0], time.Now())
		return err
	}); !ok {
		return cli.ExitFail
	}
	fmt.Fprintf(e.Stderr, "New API token for %s (shown once; send it as 'Authorization: Bearer TOKEN'):\n", pos[0])
	fmt.Fprintln(e.Stdout, token)
	return cli.ExitOK
}

func agentRevoke(e *cli.Env, args []string) int {
	f := newAgentFlags("revoke", e)
	pos, code, ok := f.parse(args, 1)
	if !ok {
		return code
	}
	n := 0
	if _, ok := f.update(false, func(acc *console.Accounts) (err error) {
		n, err = acc.Revoke(pos[0], time.Now())
		return err
	}); !ok {
		return cli.ExitFail
	}
	fmt.Fprintf(e.Stdout, "%s: console sessions ended, %d API tokens deleted\n", pos[0], n)
	return cli.ExitOK
}

func agentList(e *cli.Env, args []string) int {
	f := newAgentFlags("list", e)
	if _, code, ok := f.parse(args, 0); !ok {
		return code
	}
	path, err := f.path()
	var acc *console.Accounts
	if err == nil {
		acc, err = console.LoadAccounts(path)
	}
	if err != nil {
		return e.Failf("guichet agent list: %v", err)
	}
	for _, a := range acc.Agents {
		fmt.Fprintf(e.Stdout, "%-20s %-10s tokens=%d  %s\n", a.Name, a.Role, len(a.Tokens), a.DisplayName)
	}
	return cli.ExitOK
}
