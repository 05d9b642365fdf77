package quality_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/quality/qualitytest"
)

// golden compares got with testdata/name; GUICHET_UPDATE_GOLDEN=1
// rewrites the file instead.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("GUICHET_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with GUICHET_UPDATE_GOLDEN=1 to create it)", err)
	}
	if got != string(want) {
		t.Errorf("export differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func weekOfJune(t *testing.T) (from, to time.Time, paris *time.Location) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 6, 1, 0, 0, 0, 0, paris), time.Date(2026, 6, 8, 0, 0, 0, 0, paris), paris
}

func TestIncidentExportFormats(t *testing.T) {
	from, to, paris := weekOfJune(t)
	rows := quality.IncidentRows(qualitytest.KnownIncidents(), from, to, paris)
	for _, format := range []string{"csv", "json"} {
		var b bytes.Buffer
		if err := quality.WriteIncidents(&b, rows, format, from, to, paris); err != nil {
			t.Fatal(err)
		}
		golden(t, "incidents."+format, b.String())
	}
	for _, r := range rows {
		if strings.Contains(r.SiteMessage, "06 12") || strings.Contains(r.SiteMessage, "@example.fr") {
			t.Errorf("site message %q shows a phone number or an e-mail", r.SiteMessage)
		}
	}
	if err := quality.WriteIncidents(&bytes.Buffer{}, rows, "xlsx", from, to, paris); err == nil {
		t.Error("WriteIncidents accepted format xlsx")
	}
}

// Each report keeps the ticket it names, and only reports are rows: a
// hand-off fact of another conversation at the same moment is not joined.
func TestIncidentRowsKeepTheirTicket(t *testing.T) {
	from, to, paris := weekOfJune(t)
	rows := quality.IncidentRows(qualitytest.KnownIncidents(), from, to, paris)
	var tickets []string
	for _, r := range rows {
		tickets = append(tickets, r.Ticket)
	}
	if got, want := strings.Join(tickets, ","), "T-permis,T-immat,,T-direct"; got != want {
		t.Errorf("tickets %q, want %q (reports of the week only, each with its own ticket)", got, want)
	}
}
