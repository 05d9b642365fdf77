package console

import (
	"log/slog"
	"os"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/guichet/guichet"
)

// reloadEvery bounds how often the accounts file is looked at: 'guichet
// agent add' takes effect within that time, without a restart.
const reloadEvery = 2 * time.Second

// accountsFile is the live view of the accounts file.
type accountsFile struct {
	path string
	log  *slog.Logger
	now  func() time.Time

	mu      sync.Mutex
	checked time.Time
	mod     time.Time
	size    int64
	acc     *Accounts
	tokens  map[string]*Account // by token hash
	err     error               // why there are no accounts
}

func newAccountsFile(path string, log *slog.Logger, now func() time.Time) *accountsFile {
	return &accountsFile{path: path, log: log, now: now}
}

// current returns the accounts, reloading the file when it changed.
// Errors: NotFound (no file yet), Invalid (the file is broken).
func (f *accountsFile) current() (*Accounts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	if now.Sub(f.checked) < reloadEvery && now.Sub(f.checked) >= 0 && (f.acc != nil || f.err != nil) {
		return f.acc, f.err
	}
	f.checked = now
	fi, err := os.Stat(f.path)
	if err == nil && (f.acc != nil || f.err != nil) && fi.ModTime().Equal(f.mod) && fi.Size() == f.size {
		return f.acc, f.err
	}
	if fi != nil {
		f.mod, f.size = fi.ModTime(), fi.Size()
	}
	acc, err := LoadAccounts(f.path)
	if err != nil {
		// A broken edit keeps the last good accounts working.
		if f.acc == nil || guichet.Is(err, guichet.NotFound) {
			f.acc, f.tokens, f.err = nil, nil, err
		}
		if !guichet.Is(err, guichet.NotFound) {
			f.log.Error("handoff: accounts file not loaded", "path", f.path, "err", err)
		}
		return f.acc, f.err
	}
	f.acc, f.err = acc, nil
	f.tokens = map[string]*Account{}
	for i := range acc.Agents {
		for _, t := range acc.Agents[i].Tokens {
			f.tokens[t.SHA256] = &acc.Agents[i]
		}
	}
	f.log.Info("handoff: accounts loaded", "path", f.path, "agents", len(acc.Agents))
	return acc, nil
}

// dummyHash is compared against when the name is unknown, so that a
// login takes as long whether or not the account exists.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("guichet-no-such-account"), bcrypt.DefaultCost)

// login checks a name and password. Errors: Unauthorized, NotFound (no
// accounts file), Invalid (broken file).
func (f *accountsFile) login(name, password string) (Account, error) {
	acc, err := f.current()
	if err != nil {
		return Account{}, err
	}
	ac, ok := acc.Find(name)
	hash := dummyHash
	if ok {
		hash = []byte(ac.PasswordHash)
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || !ok {
		return Account{}, guichet.Errorf(guichet.Unauthorized, "handoff: login", "wrong name or password")
	}
	return *ac, nil
}

// byToken finds the account an API token belongs to.
func (f *accountsFile) byToken(token string) (Account, bool) {
	if _, err := f.current(); err != nil {
		return Account{}, false
	}
	h := tokenHash(token)
	f.mu.Lock()
	defer f.mu.Unlock()
	// A map lookup by hash leaks nothing useful through timing: an
	// attacker learns at most a prefix of a hash, not of a token.
	ac, ok := f.tokens[h]
	if !ok {
		return Account{}, false
	}
	return *ac, true
}

// get returns the named account as it is now (a session outlives edits).
func (f *accountsFile) get(name string) (Account, bool) {
	acc, err := f.current()
	if err != nil {
		return Account{}, false
	}
	ac, ok := acc.Find(name)
	if !ok {
		return Account{}, false
	}
	return *ac, true
}
