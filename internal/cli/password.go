package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"unicode/utf8"
)

// ReadPassword reads a new password: the first line of stdin when
// fromStdin ('--password-stdin'), else asked twice at the terminal without
// echo (see AskPassword), at least minLen characters long.
func (e *Env) ReadPassword(fromStdin bool, minLen int) ([]byte, error) {
	if fromStdin {
		line, err := bufio.NewReader(e.Stdin).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return nil, fmt.Errorf("read password from stdin: %w", err)
		}
		return []byte(strings.TrimRight(line, "\r\n")), nil
	}
	tty, ok := e.Stdin.(*os.File)
	if !ok || !isTerminal(tty) {
		return nil, errors.New("standard input is not a terminal: pass the password with --password-stdin")
	}
	return AskPassword(e.Stderr, minLen, func(prompt string) (string, error) { return promptHidden(e.Stderr, tty, prompt) })
}

// PasswordTries is how many times a person at a terminal may type a
// password that is too short, or two that differ, before AskPassword
// gives up.
const PasswordTries = 3

// AskPassword asks for a new password twice through ask, and asks again,
// saying why on w, when it is shorter than minLen characters or the two
// differ.
func AskPassword(w io.Writer, minLen int, ask func(prompt string) (string, error)) ([]byte, error) {
	for try := 1; ; try++ {
		first, err := ask(fmt.Sprintf("Password (at least %d characters): ", minLen))
		if err != nil {
			return nil, err
		}
		var problem string
		if n := utf8.RuneCountInString(first); n < minLen {
			problem = fmt.Sprintf("too short: %d characters, at least %d", n, minLen)
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
		if try == PasswordTries {
			return nil, fmt.Errorf("password: %s (%d tries)", problem, PasswordTries)
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
func promptHidden(w io.Writer, tty *os.File, prompt string) (string, error) {
	fmt.Fprint(w, prompt)
	if err := stty(tty, "-echo"); err != nil {
		return "", fmt.Errorf("cannot turn the terminal's echo off (%v): use --password-stdin", err)
	}
	line, err := bufio.NewReader(tty).ReadString('\n')
	_ = stty(tty, "echo")
	fmt.Fprintln(w)
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
