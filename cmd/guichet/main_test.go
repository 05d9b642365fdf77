package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/bot/eval"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/kb"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// runCmd runs the real program in-process with the given environment.
func runCmd(t *testing.T, envVars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return envVars[k] }
	code = run(args, strings.NewReader(""), &out, &errb, getenv)
	return code, out.String(), errb.String()
}

func TestAskAnswersTheLostLicence(t *testing.T) {
	code, out, errs := runCmd(t, nil, "ask", "j'ai perdu mon permis de conduire")
	if code != 0 || !strings.Contains(out, "perte") || !strings.Contains(out, "25 €") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

func TestAskJSON(t *testing.T) {
	code, out, _ := runCmd(t, nil, "ask", "--json", "jai perdu mon permi")
	var r eval.Result
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
		t.Fatalf("exit %d, output %s", code, out)
	}
	if r.Decision != "answer" || r.ID != "permis.perte" || r.Facet != "" || r.Confidence < 0.5 || len(r.Candidates) == 0 {
		t.Errorf("ask --json = %+v", r)
	}
	// The sub-question answered alone is named.
	code, out, _ = runCmd(t, nil, "ask", "--json", "combien coûte un passeport pour un adulte ?")
	r = eval.Result{}
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Facet != "cout" {
		t.Errorf("ask --json on a price: exit %d, facet %q, output %s", code, r.Facet, out)
	}
}

// ask --json lists the choices the text shows, whatever the decision
// (issue 19: "options": [] beside four numbered choices).
func TestAskJSONListsTheChoicesShown(t *testing.T) {
	for _, q := range []string{"mon dossier est bloqué", "je n'arrive pas à joindre l'ANTS", "jai perdu mon permi"} {
		_, text, _ := runCmd(t, nil, "ask", q)
		code, out, _ := runCmd(t, nil, "ask", "--json", q)
		var r eval.Result
		if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
			t.Fatalf("%q: exit %d, output %s", q, code, out)
		}
		shown := strings.Count(text, "\n  ")
		if len(r.QuickReplies) == 0 || len(r.QuickReplies) != shown {
			t.Errorf("%q: %d quick replies in --json, %d choices shown:\n%s", q, len(r.QuickReplies), shown, text)
		}
		for i, qr := range r.QuickReplies {
			if line := fmt.Sprintf("  %d. %s\n", i+1, qr.Title); !strings.Contains(text, line) || qr.Payload == "" {
				t.Errorf("%q: quick reply %+v is not choice %d of the text", q, qr, i+1)
			}
		}
	}
}

func TestUnknownCommandAndUsage(t *testing.T) {
	if code, _, errs := runCmd(t, nil, "fly"); code != 2 || !strings.Contains(errs, `unknown command "fly"`) {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
	if code, out, _ := runCmd(t, nil, "help"); code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "eval") {
		t.Errorf("help: exit %d, %s", code, out)
	}
}

func TestBadConfigStopsWithOneLinePerProblem(t *testing.T) {
	code, _, errs := runCmd(t, map[string]string{"GUICHET_HTTP_ADDR": "nowhere", "GUICHET_LOG_LEVEL": "loud"}, "serve", "--config", "")
	if code != 1 || !strings.Contains(errs, "http.addr: want host:port") || !strings.Contains(errs, "log.level") {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
}

func TestChatPicksQuickRepliesByNumber(t *testing.T) {
	var out, errb bytes.Buffer
	in := strings.NewReader("jai perdu mon permis\n1\n")
	code := run([]string{"chat", "--config", ""}, in, &out, &errb, func(string) string { return "" })
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	// The first quick reply after the lost licence is the stolen one.
	if !strings.Contains(out.String(), "1. ") || !strings.Contains(strings.ToLower(out.String()), "vol") {
		t.Errorf("chat output:\n%s", out.String())
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs 'guichet serve' in-process until the test ends. The
// port freePort found may be taken by another process before serve binds
// it (other test binaries run at the same time): serve then exits at once
// and is started again on another port.
func startServe(t *testing.T, envVars map[string]string) string {
	t.Helper()
	for attempt := 1; ; attempt++ {
		addr := freePort(t)
		vars := map[string]string{"GUICHET_HTTP_ADDR": addr, "GUICHET_LOG_LEVEL": "warn"}
		for k, v := range envVars {
			vars[k] = v
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		var errb testenv.Buffer
		go func() {
			e := &cli.Env{Program: "guichet", Ctx: ctx, Args: []string{"--config", ""}, Stdin: strings.NewReader(""),
				Stdout: io.Discard, Stderr: &errb, Getenv: func(k string) string { return vars[k] }}
			done <- cmdServe(e)
		}()
		code, exited := waitServe(t, "http://"+addr+"/healthz", done, &errb)
		if exited {
			cancel()
			if strings.Contains(errb.String(), "address already in use") && attempt < 5 {
				continue
			}
			t.Fatalf("serve exited %d before answering: %s", code, errb.String())
		}
		t.Cleanup(func() {
			cancel()
			if code := <-done; code != 0 {
				t.Errorf("serve exited %d: %s", code, errb.String())
			}
		})
		return "http://" + addr
	}
}

// waitServe waits for the server to answer at url, or to exit (its exit
// code, true). The wait is a guard, not a timing assertion: start-up (the
// KB index and its model, under -race on a busy machine) may take many
// seconds.
func waitServe(t *testing.T, url string, done <-chan int, logs fmt.Stringer) (int, bool) {
	t.Helper()
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); {
		select {
		case code := <-done:
			return code, true
		default:
		}
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			return 0, false
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("%s never answered; logs:\n%s", url, logs.String())
	return 0, false
}

func TestServeHealthReadyMetrics(t *testing.T) {
	base := startServe(t, nil)
	for path, want := range map[string]string{"/healthz": `"ok"`, "/readyz": `"ready"`, "/metrics": "guichet_http_requests_total"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
		}
	}
}

func TestServeWithRedis(t *testing.T) {
	url := testenv.RedisURL(t)
	base := startServe(t, map[string]string{"GUICHET_STORE_REDIS_URL": url, "GUICHET_STORE_KEY_PREFIX": testenv.KeyPrefix(t)})
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("readyz with Redis: %d", resp.StatusCode)
	}
}

func TestServeRefusesUnreachableRedis(t *testing.T) {
	code, _, errs := runCmd(t, map[string]string{"GUICHET_HTTP_ADDR": freePort(t),
		"GUICHET_STORE_REDIS_URL": "redis://127.0.0.1:1/0"}, "serve", "--config", "")
	if code != 1 || !strings.Contains(errs, "unreachable") {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
}

// Redis lost while running: /readyz says so with the reason, /healthz
// still answers (the process is alive), and it recovers when Redis is back.
func TestReadyzFollowsRedis(t *testing.T) {
	srv := testenv.StartRedis(t)
	base := startServe(t, map[string]string{"GUICHET_STORE_REDIS_URL": srv.URL, "GUICHET_STORE_KEY_PREFIX": testenv.KeyPrefix(t)})
	status := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := status("/readyz"); code != 200 {
		t.Fatalf("readyz before the outage: %d %s", code, body)
	}
	srv.Stop()
	if code, body := status("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "unavailable") {
		t.Errorf("readyz with Redis down: %d %s, want 503 with the reason", code, body)
	}
	if code, _ := status("/healthz"); code != 200 {
		t.Errorf("healthz with Redis down: %d, want 200", code)
	}
}

func TestKBCheckAndExport(t *testing.T) {
	code, out, errs := runCmd(t, nil, "kb", "check", "../../kb/data")
	if code != 0 || !strings.Contains(errs+out, "no problem") {
		t.Fatalf("kb check: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCmd(t, nil, "kb", "export", "--jsonl", "../../kb/data")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) < 43 {
		t.Fatalf("kb export: exit %d, %d lines", code, len(lines))
	}
	var first struct {
		ID, Title, Answer string
		Questions         []string
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.ID == "" || len(first.Questions) < 10 {
		t.Errorf("first export line %q: %v", lines[0], err)
	}
	code, _, errs = runCmd(t, nil, "kb", "check", "../../kb/testdata/broken/duplicate-id")
	if code != 1 || errs == "" {
		t.Errorf("kb check on a broken KB: exit %d, stderr %q", code, errs)
	}
}

func TestLoggerMasksIdentifiers(t *testing.T) {
	var buf bytes.Buffer
	for _, format := range []string{"text", "json"} {
		buf.Reset()
		log := app.NewLogger(config.Log{Level: "debug", Format: format}, &buf)
		log.Debug("citizen wrote 06 12 34 56 78", "text", "plaque AB-123-CD, mail jean.dupont@example.fr")
		out := buf.String()
		for _, id := range []string{"06 12 34 56 78", "AB-123-CD", "jean.dupont@example.fr"} {
			if strings.Contains(out, id) {
				t.Errorf("%s log leaks %q: %s", format, id, out)
			}
		}
	}
}

func TestEvalFitWithKBHoldout(t *testing.T) {
	path := filepath.Join(t.TempDir(), kb.ModelFile)
	code, out, errs := runCmd(t, nil, "eval", "--config", "", "--fit", "--kb-holdout", "5", "--model", path, "../../testdata/eval/cases.jsonl")
	if code != 0 || !strings.Contains(out, "KB paraphrases held out of the index") || !strings.Contains(out, "fitted model: bias") ||
		!strings.Contains(out, "confidence   n     mean   right") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if m, probs := kb.ParseModel(path, data); len(probs) > 0 || !strings.Contains(m.Fitted.Command, "--kb-holdout 5") {
		t.Errorf("written model %+v, problems %v", m, probs)
	}
}

// evalKB copies the KB fixture and writes cases for it: a KB small enough
// for leave-entries-out in a test.
func evalKB(t *testing.T) (dir, cases string) {
	t.Helper()
	dir = t.TempDir()
	ents, err := os.ReadDir("../../kb/testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join("../../kb/testdata/valid", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases = filepath.Join(t.TempDir(), "cases.jsonl")
	lines := `{"text": "perdu mon permis de conduire hier", "expect": "permis.perte"}
{"text": "on m'a volé mon permis dans le métro", "expect": "permis.vol"}
{"text": "refaire une carte d'identité en mairie", "expect": "cni.demande"}
{"text": "nouvelle adresse sur la carte grise", "expect": "civ.changement-adresse"}
{"text": "permis de construire une véranda", "expect": "none"}
`
	if err := os.WriteFile(cases, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, cases
}

// eval --fit --leave-entries-out prints the calibration on held-out
// entries and writes the KB's model file, which the next load reads.
func TestEvalFitLeaveEntriesOutWritesTheModel(t *testing.T) {
	dir, cases := evalKB(t)
	env := map[string]string{"GUICHET_KB_DIR": dir}
	before, _ := os.ReadFile(filepath.Join(dir, kb.ModelFile))
	code, out, errs := runCmd(t, env, "eval", "--config", "", "--fit", "--leave-entries-out", "2", "--answer-threshold", "0.5", cases)
	if code != 0 || !strings.Contains(out, "held-out entries (cross-validated over 2 folds") ||
		!strings.Contains(out, "of which questions about a left-out entry") || !strings.Contains(out, "wrote "+filepath.Join(dir, kb.ModelFile)) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	k, err := kb.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, kb.ModelFile))
	if string(after) == string(before) || k.Model().Thresholds.Answer != 0.5 || k.ModelIsStale() {
		t.Errorf("model file not rewritten as asked: %+v", k.Model())
	}
	if code, _, errs := runCmd(t, env, "eval", "--config", "", "--fit", cases, cases); code != 2 || !strings.Contains(errs, "usage") {
		t.Errorf("--fit on two files: exit %d, %s", code, errs)
	}
}

// kb check says when the model was fitted on other entries, without
// failing: editors add entries before the model is refitted.
func TestKBCheckNotesAStaleModel(t *testing.T) {
	dir, _ := evalKB(t)
	path := filepath.Join(dir, kb.ModelFile)
	data, _ := os.ReadFile(path)
	stale := strings.Replace(string(data), `"fitted": {`, `"fitted": {"entries_version": "0123456789ab",`, 1)
	if err := os.WriteFile(path, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, nil, "kb", "check", dir)
	if code != 0 || !strings.Contains(out, "no problem") || !strings.Contains(errs, "model.json was fitted on other entries (0123456789ab") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if err := os.WriteFile(path, []byte(`{"weights": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCmd(t, nil, "kb", "check", dir)
	if code != 1 || !strings.Contains(out, filepath.Join(dir, kb.ModelFile)+":1: weights: missing bias") ||
		!strings.Contains(out, "missing field thresholds") {
		t.Errorf("kb check on a broken model: exit %d\n%s", code, out)
	}
}

// eval reports each file on its own, then one line per file.
func TestEvalSeveralFiles(t *testing.T) {
	dir, cases := evalKB(t)
	other := filepath.Join(t.TempDir(), "uncovered.jsonl")
	if err := os.WriteFile(other, []byte(`{"text": "renouveler mon passeport", "expect": "none"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, map[string]string{"GUICHET_KB_DIR": dir}, "eval", "--config", "", "--summary", cases, other)
	if code != 0 || strings.Count(out, "\ncases: ") != 2 || !strings.Contains(out, "== "+other) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	tail := out[strings.LastIndex(out, "file "):]
	if !strings.Contains(tail, cases) || !strings.Contains(tail, other) || strings.Count(tail, "\n") != 3 {
		t.Errorf("summary lines:\n%s", tail)
	}
}

func TestEvalHoldsTheLine(t *testing.T) {
	code, out, _ := runCmd(t, nil, "eval", "--config", "", "--min-correct", "0.99", "../../testdata/eval/cases.jsonl")
	if code != 1 || !strings.Contains(out, "FAIL: in-scope correct") {
		t.Errorf("an unmet --min-correct must exit 1 and say why: exit %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, nil, "eval", "--config", "", "--json", "../../testdata/eval/cases.jsonl")
	first := strings.SplitN(out, "\n", 2)[0]
	var r map[string]any
	if code != 0 || json.Unmarshal([]byte(first), &r) != nil {
		t.Fatalf("eval --json: exit %d, first line %q", code, first)
	}
	for _, k := range []string{"text", "expect", "decision", "id", "options", "confidence"} {
		if _, ok := r[k]; !ok {
			t.Errorf("eval --json line lacks %q: %s", k, first)
		}
	}
}

func TestKBCheckListsUnverifiedFacts(t *testing.T) {
	code, out, errs := runCmd(t, nil, "kb", "check", "--unverified", "testdata/kb-unverified")
	want := "testdata/kb-unverified/test.yaml:23: test.timbre: Le timbre serait remboursable pendant 18 mois. (source: https://exemple.fr/blog)"
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(errs, "1 fact(s) to confirm") {
		t.Fatalf("kb check --unverified: exit %d\nstdout %s\nstderr %s\nwant %q", code, out, errs, want)
	}
	if _, out, _ := runCmd(t, nil, "kb", "check", "testdata/kb-unverified"); strings.Contains(out, "18 mois") {
		t.Errorf("kb check without --unverified lists facts: %s", out)
	}
}
