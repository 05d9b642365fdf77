package kb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Watch reloads the knowledge base when a .yaml file of dir or its
// ModelFile is added, removed or changed, until ctx ends. Run it in its own goroutine when
// kb.watch is true.
//
// It polls sizes and modification times every interval instead of using
// fsnotify: a KB is a handful of files, polling costs a few stat calls, adds
// no dependency, and also works where inotify does not (bind mounts,
// network volumes, editors that replace files by renaming). A change is
// reloaded once the files have stayed the same for one more interval, so a
// save in several writes is read whole.
func (l *Live) Watch(ctx context.Context, dir string, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	// Start from an unknown state rather than stamping now: a file changed
	// between the initial load and this call is then reloaded too (an
	// unchanged KB costs one read, not a re-index).
	last, pending := "", false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := stamp(dir)
		if now != last {
			last, pending = now, true
			continue
		}
		if pending {
			pending = false
			_ = l.Reload() // problems are logged by Reload; the current KB stays live
		}
	}
}

// stamp summarises the names, sizes and modification times of dir's YAML
// files and model file. An unreadable directory gives a distinct stamp, so that its
// recovery triggers a reload too.
func stamp(dir string) string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, e := range ents {
		if ext := filepath.Ext(e.Name()); ext != ".yaml" && ext != ".yml" && e.Name() != ModelFile {
			continue
		}
		info, err := e.Info()
		if err != nil {
			fmt.Fprintf(&b, "%s:error\n", e.Name())
			continue
		}
		fmt.Fprintf(&b, "%s:%d:%d\n", e.Name(), info.Size(), info.ModTime().UnixNano())
	}
	return b.String()
}
