package console

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet"
)

// Role is what an agent may do. Supervisors may also release, resolve or
// return other agents' tickets and close unclaimed ones.
type Role string

// Agent roles.
const (
	RoleAgent      Role = "agent"
	RoleSupervisor Role = "supervisor"
)

// Account is one agent of the accounts file. Passwords are stored as
// bcrypt hashes: people choose them, so a slow hash is what protects them
// if the file leaks. API tokens are 256-bit random values stored as their
// SHA-256: nobody can guess or brute-force such a value, so a fast hash
// is enough, and it keeps every API call cheap (bcrypt costs ~50 ms).
type Account struct {
	Name         string  `yaml:"name"`
	DisplayName  string  `yaml:"display_name"`
	Role         Role    `yaml:"role"`
	PasswordHash string  `yaml:"password_bcrypt"`
	Tokens       []Token `yaml:"tokens,omitempty"`
	// Revoked ends the console sessions opened before it ('guichet agent
	// revoke', a new password).
	Revoked time.Time `yaml:"sessions_revoked,omitempty"`
}

// Token is the stored form of an API token.
type Token struct {
	SHA256  string    `yaml:"sha256"`
	Created time.Time `yaml:"created"`
}

// Accounts is the accounts file ('guichet agent add' writes it).
type Accounts struct {
	Agents []Account `yaml:"agents"`
}

// Password limits: bcrypt reads at most 72 bytes.
const (
	MinPassword = 12
	maxPassword = 72
)

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,31}$`)

// CheckName says what is wrong with an account name.
func CheckName(name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("account name %q: use 1 to 32 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}

// LoadAccounts reads and checks an accounts file.
// Errors: NotFound (no file), Invalid (unreadable YAML, bad entries).
func LoadAccounts(path string) (*Accounts, error) {
	const op = "handoff: accounts"
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, guichet.Errorf(guichet.NotFound, op, "%s does not exist: create an account with 'guichet agent add NAME'", path)
	}
	if err != nil {
		return nil, guichet.E(guichet.Unavailable, op, err)
	}
	var a Accounts
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil && !errors.Is(err, io.EOF) {
		return nil, guichet.Errorf(guichet.Invalid, op, "%s: %v", path, err)
	}
	if err := a.check(); err != nil {
		return nil, guichet.Errorf(guichet.Invalid, op, "%s: %v", path, err)
	}
	return &a, nil
}

func (a *Accounts) check() error {
	seen := map[string]bool{}
	for i, ac := range a.Agents {
		if err := CheckName(ac.Name); err != nil {
			return fmt.Errorf("agents[%d]: %w", i, err)
		}
		if seen[ac.Name] {
			return fmt.Errorf("agents[%d]: %q appears twice", i, ac.Name)
		}
		seen[ac.Name] = true
		if ac.Role != RoleAgent && ac.Role != RoleSupervisor {
			return fmt.Errorf("agents[%d] (%s): role must be agent or supervisor, not %q", i, ac.Name, ac.Role)
		}
		if _, err := bcrypt.Cost([]byte(ac.PasswordHash)); err != nil {
			return fmt.Errorf("agents[%d] (%s): password_bcrypt is not a bcrypt hash: set it again with 'guichet agent add %s'", i, ac.Name, ac.Name)
		}
	}
	return nil
}

// Find returns the account named name.
func (a *Accounts) Find(name string) (*Account, bool) {
	for i := range a.Agents {
		if a.Agents[i].Name == name {
			return &a.Agents[i], true
		}
	}
	return nil, false
}

// Revoke ends every console session agent name opened before now and
// deletes their API tokens ('guichet agent revoke'); it returns how many
// tokens went. Instances see it when they reload the file.
func (a *Accounts) Revoke(name string, now time.Time) (int, error) {
	ac, ok := a.Find(name)
	if !ok {
		return 0, fmt.Errorf("no account %q", name)
	}
	n := len(ac.Tokens)
	ac.Tokens, ac.Revoked = nil, now.Truncate(time.Second)
	return n, nil
}

// Set creates the account or replaces its password, role and display name
// (keeping its tokens).
func (a *Accounts) Set(name, display string, role Role, password []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if role != RoleAgent && role != RoleSupervisor {
		return fmt.Errorf("role must be agent or supervisor, not %q", role)
	}
	display = strings.TrimSpace(display)
	if display == "" {
		display = name
	}
	if utf8.RuneCountInString(display) > 40 || strings.ContainsAny(display, "\n\r<>") {
		return fmt.Errorf("display name: at most 40 characters, no line breaks or angle brackets")
	}
	if err := checkPassword(password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword(password, bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	ac, ok := a.Find(name)
	if !ok {
		a.Agents = append(a.Agents, Account{Name: name})
		ac = &a.Agents[len(a.Agents)-1]
	}
	ac.DisplayName, ac.Role, ac.PasswordHash = display, role, string(hash)
	return nil
}

func checkPassword(p []byte) error {
	switch {
	case utf8.RuneCount(p) < MinPassword:
		return fmt.Errorf("password: at least %d characters", MinPassword)
	case len(p) > maxPassword:
		return fmt.Errorf("password: at most %d bytes", maxPassword)
	case !utf8.Valid(p):
		return fmt.Errorf("password: not valid UTF-8")
	}
	return nil
}

// NewToken adds an API token to the account and returns it; only its
// hash is kept, so it cannot be shown again.
func (a *Accounts) NewToken(name string, now time.Time) (string, error) {
	ac, ok := a.Find(name)
	if !ok {
		return "", fmt.Errorf("no account %q: create it with 'guichet agent add %s'", name, name)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	token := "gch_" + base64.RawURLEncoding.EncodeToString(b[:])
	ac.Tokens = append(ac.Tokens, Token{SHA256: tokenHash(token), Created: now.UTC().Truncate(time.Second)})
	return token, nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Save writes the file atomically (a temporary file renamed over it) and
// readable by its owner only: it holds password hashes.
func (a *Accounts) Save(path string) error {
	data, err := yaml.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode accounts: %w", err)
	}
	data = append([]byte("# Guichet agent accounts: managed with 'guichet agent add' and 'guichet agent token'.\n"), data...)
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".accounts-*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name()) // after a successful rename this fails harmlessly
	if err := writeSync(f, data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeSync(f *os.File, data []byte) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
