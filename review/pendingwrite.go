package review

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet"
)

// UpdatePending runs fn on the pending file's current content and writes
// what fn leaves, under an exclusive lock on the file. fn therefore sees
// every change another instance or an editor's 'kb pending apply' wrote
// before it, and nobody writes between its read and its write: two
// decisions taken at once both land in the file. The file is replaced
// atomically (temporary file, then rename), so readers without the lock
// see the old or the new content, never half of it. When fn fails,
// nothing is written and its error is returned as is.
func UpdatePending(path string, fn func(*Pending) error) error {
	const op = "review: update pending"
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return guichet.E(guichet.Other, op, err)
	}
	unlock, err := lockFile(path + ".lock")
	if err != nil {
		return guichet.E(guichet.Other, op, err)
	}
	defer unlock()
	p, err := ReadPending(path)
	if err != nil {
		return err
	}
	if err := fn(p); err != nil {
		return err
	}
	return guichet.E(guichet.Other, op, writePending(path, p))
}

// writePending writes p to path through a temporary file in the same
// directory, keeping the mode of the file it replaces.
func writePending(path string, p *Pending) error {
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return writeAtomic(path, buf.Bytes(), mode)
}

// writeAtomic replaces path with data: a reader sees the old file or the
// new one, and a crash leaves at worst a stray temporary file.
func writeAtomic(path string, data []byte, mode fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
