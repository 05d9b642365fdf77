package privacy

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// The KB version hash in the log is the program's, not a citizen's number:
// "kb_version=a828b7056fa0", not "kb_version=[numéro]". Anything else that
// looks like a number is still masked, under a version key too.
func TestHandlerKeepsVersionHashes(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewTextHandler(&buf, nil)))
	log.Info("kb reloaded", "kb_version", "a828b7056fa0", "previous_version", "2e774a7cc3a1",
		"text", "mon dossier a828b7056fa0", "kb_version", "21AB12345")
	log.With("version", "0123456789abcdef").Info("listening", slog.Group("kb", "kb_version", "2e774a7cc3a1"))
	out := buf.String()
	for _, want := range []string{"kb_version=a828b7056fa0", "previous_version=2e774a7cc3a1", "version=0123456789abcdef",
		"kb.kb_version=2e774a7cc3a1", `text="mon dossier ` + LabelID + `"`, "kb_version=" + LabelID} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "21AB12345") {
		t.Errorf("a request number under a version key leaked:\n%s", out)
	}
}
