package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/console"
)

func init() {
	commands["agent"] = command{summary: "agent accounts of the console: add, token, revoke, list", run: runAgent}
}

func runAgent(e *env) int {
	return subcommands(e, "agent", map[string]func(*env, []string) int{
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
	e        *env
	name     string
	fs       *flag.FlagSet
	config   *string
	accounts *string
}

func newAgentFlags(name string, e *env) *agentFlags {
	fs := flag.NewFlagSet("agent "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return &agentFlags{e: e, name: name, fs: fs, config: configFlag(fs, e),
		accounts: fs.String("accounts", "", "accounts `FILE` (default: handoff.accounts_file of the configuration)")}
}

// parse accepts flags before and after the positional arguments
// ("agent add alice --role supervisor" as well as "agent add --role
// supervisor alice") and checks that there are want of them. ok false:
// return code.
func (f *agentFlags) parse(args []string, want int) (pos []string, code int, ok bool) {
	pos, code, ok = f.e.parseInterspersed(f.fs, args, agentSynopsis[f.name])
	if ok && len(pos) != want {
		if want == 0 {
			return nil, f.e.usageError(f.fs, agentSynopsis[f.name], "unexpected argument %q", pos[0]), false
		}
		return nil, f.e.usageError(f.fs, agentSynopsis[f.name], "want exactly one NAME"), false
	}
	return pos, code, ok
}

// path is the accounts file: --accounts, else the configuration's. The
// configuration is loaded but not validated as a whole, so that an
// operator's shell without the Messenger secrets can still manage accounts.
func (f *agentFlags) path(e *env) (string, error) {
	if *f.accounts != "" {
		return *f.accounts, nil
	}
	cfg, err := config.Load(*f.config, e.getenv)
	if err != nil {
		return "", fmt.Errorf("configuration: %w", err)
	}
	if cfg.Handoff.AccountsFile == "" {
		return "", errors.New("handoff.accounts_file is empty: set it or pass --accounts FILE")
	}
	return cfg.Handoff.AccountsFile, nil
}

// loadOrNew reads the accounts file, or starts an empty one.
func loadOrNew(path string) (*console.Accounts, error) {
	acc, err := console.LoadAccounts(path)
	if guichet.Is(err, guichet.NotFound) {
		return &console.Accounts{}, nil
	}
	return acc, err
}

func agentAdd(e *env, args []string) int {
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
		fmt.Fprintf(e.stderr, "guichet agent add: %v\n", err)
		return 2
	}
	if r := console.Role(*role); r != console.RoleAgent && r != console.RoleSupervisor {
		return e.usageError(f.fs, agentSynopsis["add"], "--role %q: want agent or supervisor", *role)
	}
	path, err := f.path(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent add: %v\n", err)
		return 1
	}
	acc, err := loadOrNew(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent add: %v\n", err)
		return 1
	}
	pw, err := readPassword(e, *fromStdin)
	if err == nil {
		err = acc.Set(name, *display, console.Role(*role), pw)
	}
	if err == nil {
		err = acc.Save(path)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent add: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "account %s (%s) saved in %s\n", name, *role, path)
	return 0
}

// readPassword reads the new password from stdin's first line, or asks
// for it twice on a terminal without echo.
func readPassword(e *env, fromStdin bool) ([]byte, error) {
	if fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return nil, fmt.Errorf("read password from stdin: %w", err)
		}
		return []byte(strings.TrimRight(line, "\r\n")), nil
	}
	tty, ok := e.stdin.(*os.File)
	if !ok || !isTerminal(tty) {
		return nil, errors.New("standard input is not a terminal: pass the password with --password-stdin")
	}
	return askPassword(e.stderr, func(prompt string) (string, error) { return promptHidden(e, tty, prompt) })
}

// passwordTries is how many times a person at a terminal may type a
// password that is too short, or two that differ, before agent add gives up.
const passwordTries = 3

// askPassword asks for the new password twice through ask, and asks again,
// saying why, when it is too short or the two differ.
func askPassword(w io.Writer, ask func(prompt string) (string, error)) ([]byte, error) {
	for try := 1; ; try++ {
		first, err := ask(fmt.Sprintf("Password (at least %d characters): ", console.MinPassword))
		if err != nil {
			return nil, err
		}
		var problem string
		if n := utf8.RuneCountInString(first); n < console.MinPassword {
			problem = fmt.Sprintf("too short: %d characters, at least %d", n, console.MinPassword)
		} else {
			second, err := ask("Password again: ")
			if err != nil {
				return nil, err
			}
			if first == second {
				return []byte(first), nil
			}
			problem = "the two passwords differ"
		}
		if try == passwordTries {
			return nil, fmt.Errorf("password: %s (%d tries)", problem, passwordTries)
		}
		fmt.Fprintf(w, "Password %s. Try again.\n", problem)
	}
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&fs.ModeCharDevice != 0
}

// promptHidden reads a line with the terminal's echo off (stty, present
// wherever a terminal is).
func promptHidden(e *env, tty *os.File, prompt string) (string, error) {
	fmt.Fprint(e.stderr, prompt)
	if err := stty(tty, "-echo"); err != nil {
		return "", fmt.Errorf("cannot turn the terminal's echo off (%v): use --password-stdin", err)
	}
	line, err := bufio.NewReader(tty).ReadString('\n')
	_ = stty(tty, "echo")
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func stty(tty *os.File, arg string) error {
	cmd := exec.Command("stty", arg)
	cmd.Stdin = tty
	return cmd.Run()
}

func agentToken(e *env, args []string) int {
	f := newAgentFlags("token", e)
	pos, code, ok := f.parse(args, 1)
	if !ok {
		return code
	}
	path, err := f.path(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent token: %v\n", err)
		return 1
	}
	acc, err := console.LoadAccounts(path)
	var token string
	if err == nil {
		token, err = acc.NewToken(pos[0], time.Now())
	}
	if err == nil {
		err = acc.Save(path)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent token: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stderr, "New API token for %s (shown once; send it as 'Authorization: Bearer TOKEN'):\n", pos[0])
	fmt.Fprintln(e.stdout, token)
	return 0
}

func agentRevoke(e *env, args []string) int {
	f := newAgentFlags("revoke", e)
	pos, code, ok := f.parse(args, 1)
	if !ok {
		return code
	}
	path, err := f.path(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent revoke: %v\n", err)
		return 1
	}
	acc, err := console.LoadAccounts(path)
	n := 0
	if err == nil {
		n, err = acc.Revoke(pos[0], time.Now())
	}
	if err == nil {
		err = acc.Save(path)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent revoke: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "%s: console sessions ended, %d API tokens deleted\n", pos[0], n)
	return 0
}

func agentList(e *env, args []string) int {
	f := newAgentFlags("list", e)
	if _, code, ok := f.parse(args, 0); !ok {
		return code
	}
	path, err := f.path(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent list: %v\n", err)
		return 1
	}
	acc, err := console.LoadAccounts(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet agent list: %v\n", err)
		return 1
	}
	for _, a := range acc.Agents {
		fmt.Fprintf(e.stdout, "%-20s %-10s tokens=%d  %s\n", a.Name, a.Role, len(a.Tokens), a.DisplayName)
	}
	return 0
}
