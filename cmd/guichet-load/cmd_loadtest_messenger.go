package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/internal/cli"
)

func init() { loadtests["messenger"] = cmdLoadtestMessenger }

type msgrLoadFlags struct {
	addr, redisURL string
	inproc, answer bool
	bot            bool
	questionsFile  string
	keyPrefix      string
	texts          []string // what the events say in turn; nil: one built-in question
	rate, senders  int
	conns          int
	duration       time.Duration
	cpuProfile     string
}

const synopsisLoadtestMessenger = `guichet-load loadtest messenger (--addr URL | --inproc) [flags]

Send signed Messenger webhook events at --rate per second for --duration,
from --senders people, and print the acknowledgement latency (p50/p95/p99)
and errors; with --inproc the channel runs in this process and, with
--answer, every event is answered through a fake Graph API; with --bot the
real bot, KB, hand-off and quality records answer instead of a stand-in,
questions in turn from --questions (default: built-in ones), and over Redis
every command the process sends is counted and named. The messenger
section of the configuration signs the events (made-up secrets work:
GUICHET_MESSENGER_APP_SECRET and the others, the same for the server).
  guichet-load loadtest messenger --inproc --redis redis://127.0.0.1:6379/0 --rate 1000
  guichet-load loadtest messenger --inproc --bot --redis redis://127.0.0.1:6379/0 --rate 1 --senders 10 --duration 30s`

func cmdLoadtestMessenger(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("loadtest messenger")
	var f msgrLoadFlags
	fs.StringVar(&f.addr, "addr", "", "base URL of a running server (its messenger section signs the events)")
	fs.BoolVar(&f.inproc, "inproc", false, "start the channel in this process instead (over Redis when --redis or store.redis_url is set)")
	fs.StringVar(&f.redisURL, "redis", "", "with --inproc: Redis URL (default: store.redis_url)")
	fs.BoolVar(&f.answer, "answer", true, "with --inproc: the handler answers every message through a fake Graph API")
	fs.IntVar(&f.rate, "rate", 1000, "events per second")
	fs.DurationVar(&f.duration, "duration", 10*time.Second, "how long to send")
	fs.IntVar(&f.senders, "senders", 500, "distinct people writing")
	fs.IntVar(&f.conns, "conns", 64, "most requests in flight")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "with --inproc: write a CPU profile of the run (generator included) to `FILE`")
	fs.BoolVar(&f.bot, "bot", false, "with --inproc: the real bot answers (and the hand-off, KB and quality records are the server's)")
	fs.StringVar(&f.keyPrefix, "key-prefix", "", "with --inproc over Redis: the run's key prefix, its keys deleted after the run (default: a new random one)")
	fs.StringVar(&f.questionsFile, "questions", "", "with --bot: questions to send in turn, a JSON-lines file with \"text\" (default: built-in ones)")
	if code, ok := e.Parse(fs, e.Args, synopsisLoadtestMessenger); !ok {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return e.UsageError(fs, synopsisLoadtestMessenger, "unexpected argument %q", fs.Arg(0))
	case f.inproc == (f.addr != ""):
		return e.UsageError(fs, synopsisLoadtestMessenger, "give either --addr URL or --inproc")
	case f.rate < 1 || f.duration <= 0 || f.senders < 1 || f.conns < 1:
		return e.UsageError(fs, synopsisLoadtestMessenger, "--rate, --duration, --senders and --conns must be positive")
	case (f.bot || f.questionsFile != "") && !f.inproc, f.questionsFile != "" && !f.bot:
		return e.UsageError(fs, synopsisLoadtestMessenger, "--bot needs --inproc, and --questions needs --bot")
	}
	if f.bot {
		f.texts = msgrBotQuestions
	}
	if f.questionsFile != "" {
		qs, err := readQuestions(f.questionsFile)
		if err != nil || len(qs) == 0 {
			return e.UsageError(fs, synopsisLoadtestMessenger, "--questions: %v (want JSON lines with a \"text\" field)", err)
		}
		f.texts = qs
	}
	ctx, cancel := e.UntilInterrupted()
	defer cancel()
	if f.inproc {
		if f.cpuProfile != "" {
			out, err := os.Create(f.cpuProfile)
			if err != nil {
				return e.Failf("loadtest: %v", err)
			}
			defer out.Close()
			if err := pprof.StartCPUProfile(out); err != nil {
				return e.Failf("loadtest: cpu profile: %v", err)
			}
			defer pprof.StopCPUProfile()
		}
		if f.bot {
			return msgrLoadBot(ctx, *cfgPath, f, e)
		}
		return msgrLoadInproc(ctx, *cfgPath, f, e)
	}
	cfg, ok := messengerConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	target := msgrTarget{url: f.addr + "/webhooks/messenger", page: cfg.Messenger.PageID, secret: cfg.Messenger.AppSecret}
	fmt.Fprintf(e.Stdout, "messenger loadtest: %d events/s for %s against %s\n", f.rate, f.duration, f.addr)
	msgrLoadReport(e.Stdout, msgrLoadRun(ctx, target, f))
	return 0
}

// msgrTarget is where and how to post events.
type msgrTarget struct{ url, page, secret string }

type msgrLoadResult struct {
	sent, ok, failed, skipped int
	elapsed                   time.Duration
	latencies                 []time.Duration
}

// msgrLoadRun posts one signed event per request at f.rate (open loop:
// a slow server does not slow the schedule; requests beyond f.conns in
// flight are counted as skipped).
func msgrLoadRun(ctx context.Context, t msgrTarget, f msgrLoadFlags) msgrLoadResult {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: f.conns, MaxConnsPerHost: f.conns}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	res := msgrLoadResult{latencies: make([]time.Duration, 0, int(float64(f.rate)*f.duration.Seconds())+1)}
	sem := make(chan struct{}, f.conns)
	start := time.Now()
	for i := 0; ctx.Err() == nil; {
		elapsed := time.Since(start)
		if elapsed >= f.duration {
			break
		}
		for due := int(elapsed.Seconds() * float64(f.rate)); i < due; i++ {
			select {
			case sem <- struct{}{}:
			default:
				res.skipped++
				continue
			}
			res.sent++
			body := msgrLoadEvent(t.page, 3000000000000000+i%f.senders, i, f.text(i))
			wg.Go(func() {
				defer func() { <-sem }()
				lat, ok := msgrPost(client, t, body)
				mu.Lock()
				defer mu.Unlock()
				if ok {
					res.ok++
					res.latencies = append(res.latencies, lat)
				} else {
					res.failed++
				}
			})
		}
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

func msgrPost(client *http.Client, t msgrTarget, body []byte) (time.Duration, bool) {
	req, _ := http.NewRequest(http.MethodPost, t.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(messenger.HeaderSignature256, messenger.Sign(t.secret, body))
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(start), resp.StatusCode == http.StatusOK
}

// text is what event i says.
func (f msgrLoadFlags) text(i int) string {
	if len(f.texts) == 0 {
		return "Bonjour, je voudrais refaire mon permis de conduire, question " + strconv.Itoa(i)
	}
	return f.texts[i%len(f.texts)]
}

func msgrLoadEvent(page string, psid, i int, text string) []byte {
	now := time.Now().UnixMilli()
	ev := map[string]any{"sender": map[string]string{"id": strconv.Itoa(psid)}, "recipient": map[string]string{"id": page},
		"timestamp": now, "message": map[string]string{"mid": "m_load_" + strconv.FormatInt(now, 36) + "_" + strconv.Itoa(i),
			"text": text}}
	b, _ := json.Marshal(map[string]any{"object": "page", "entry": []any{map[string]any{"id": page, "time": now, "messaging": []any{ev}}}})
	return b
}

func msgrLoadReport(w io.Writer, r msgrLoadResult) {
	fmt.Fprintf(w, "sent %d  acknowledged %d  failed %d  skipped %d (client saturated)\n", r.sent, r.ok, r.failed, r.skipped)
	fmt.Fprintf(w, "ingestion %.1f events/s acknowledged over %s\n", float64(r.ok)/r.elapsed.Seconds(), r.elapsed.Round(time.Millisecond))
	if len(r.latencies) == 0 {
		return
	}
	slices.Sort(r.latencies)
	q := func(p float64) time.Duration {
		return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
	}
	fmt.Fprintf(w, "ack latency p50 %s  p90 %s  p99 %s  max %s\n", msf(q(.50)), msf(q(.90)), msf(q(.99)), msf(r.latencies[len(r.latencies)-1]))
}

func msf(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }
