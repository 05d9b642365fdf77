package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/channels/web/webload"
	"github.com/guichet/guichet/internal/cli"
)

func init() { loadtests["widget"] = cmdLoadtestWidget }

// widgetQuestions are what the load test asks: ordinary questions the
// knowledge base answers, so that the bot does its usual work.
var widgetQuestions = []string{
	"j'ai perdu mon permis de conduire, que faire ?",
	"comment changer l'adresse sur ma carte grise ?",
	"quel est le délai pour obtenir un passeport ?",
	"je n'ai toujours pas reçu ma carte d'identité",
	"comment vendre ma voiture, quelle démarche pour la carte grise ?",
}

type widgetLoadFlags struct {
	addr, metrics, origin, redis string
	questionsFile, cpuProfile    string
	questions                    []string
	inproc, echo, unique         bool
	conns, senders, sources      int
	perConversation              int
	memoryEvery                  time.Duration
	rate                         float64
	duration, hold               time.Duration
}

const synopsisLoadtestWidget = `guichet-load loadtest widget (--inproc | --addr URL) [flags]

Open --conns idle widget WebSocket connections and hold them while --senders
further connections ask questions at --rate per second for --duration.
Prints the connections held, the messages per second answered, the reply
latency (p50/p95/p99), errors, and the memory per connection. --inproc
starts the server (real bot and KB) in this process; --addr measures a
running one on a loopback address.
  guichet-load loadtest widget --inproc --conns 5000 --rate 1000`

func cmdLoadtestWidget(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("loadtest widget")
	var f widgetLoadFlags
	fs.StringVar(&f.addr, "addr", "", "base URL of a running server, such as http://127.0.0.1:8080 (loopback only)")
	fs.StringVar(&f.metrics, "metrics", "", "with --addr: its Prometheus metrics, for memory per connection (default ADDR/metrics)")
	fs.BoolVar(&f.inproc, "inproc", false, "start the server in this process (real bot and KB, memory store unless --redis)")
	fs.BoolVar(&f.echo, "echo", false, "with --inproc: a stand-in that records and echoes instead of the bot, to time the widget alone")
	fs.StringVar(&f.redis, "redis", "", "with --inproc: Redis URL for the store")
	fs.StringVar(&f.origin, "origin", "", "Origin header to send (default none, like a non-browser client)")
	fs.IntVar(&f.conns, "conns", 1000, "idle connections to open and hold")
	fs.IntVar(&f.senders, "senders", 200, "further connections that ask questions")
	fs.Float64Var(&f.rate, "rate", 2000, "questions per second, all senders together")
	fs.DurationVar(&f.duration, "duration", 10*time.Second, "how long to ask questions (at most 15m)")
	fs.DurationVar(&f.hold, "hold", 0, "keep the idle connections this long after the questions (at most 2m)")
	fs.StringVar(&f.questionsFile, "questions", "", "questions to ask, in turn: a JSON-lines file with \"text\" (such as testdata/eval/cases.jsonl); default: five built-in ones")
	fs.BoolVar(&f.unique, "uncached", false, "ask each question once: variants of the questions, none the same once normalised, so no cache answers them")
	fs.IntVar(&f.perConversation, "per-conversation", 0, "questions a connection asks before it closes and opens a new conversation (0: one conversation for the run)")
	fs.DurationVar(&f.memoryEvery, "memory-every", 0, "print the server's memory this often during the questions (0: never)")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of this process (the generator; with --inproc the server too) to `FILE`")
	fs.IntVar(&f.sources, "sources", 1, "connect from this many source addresses, 127.0.0.1 up (at most 254), so per-address limits see several clients")
	if code, ok := e.Parse(fs, e.Args, synopsisLoadtestWidget); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.UsageError(fs, synopsisLoadtestWidget, "unexpected argument %q", fs.Arg(0))
	}
	f.questions = widgetQuestions
	if f.questionsFile != "" {
		qs, err := readQuestions(f.questionsFile)
		if err != nil || len(qs) == 0 {
			fmt.Fprintf(e.Stderr, "guichet-load loadtest widget: --questions: %v (want JSON lines with a \"text\" field)\n", err)
			return 2
		}
		f.questions = qs
	}
	if msg := f.check(); msg != "" {
		fmt.Fprintf(e.Stderr, "guichet-load loadtest widget: %s\n", msg)
		return 2
	}
	ctx, cancel := e.UntilInterrupted()
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 5*time.Minute+f.duration+f.hold)
	defer cancelT()
	f.raiseFileLimit(e.Stdout)
	if f.cpuProfile != "" {
		out, err := os.Create(f.cpuProfile)
		if err != nil {
			return e.Failf("loadtest widget: %v", err)
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			return e.Failf("loadtest widget: cpu profile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	if f.inproc {
		return widgetLoadInproc(ctx, *cfgPath, f, e)
	}
	base := strings.TrimSuffix(f.addr, "/")
	if f.metrics == "" {
		f.metrics = base + "/metrics"
	}
	fmt.Fprintf(e.Stdout, "widget loadtest against %s (server memory from %s)\n", base, f.metrics)
	return widgetLoad(ctx, e.Stdout, "ws"+strings.TrimPrefix(base, "http")+"/ws", f, remoteMemory(f.metrics), remoteCPU(f.metrics))
}

// readQuestions reads the "text" of each JSON line of path (the labelled
// evaluation sets have that shape).
func readQuestions(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var q struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil || strings.TrimSpace(q.Text) == "" {
			return nil, fmt.Errorf("%s:%d: want a JSON object with a non-empty \"text\"", path, n)
		}
		out = append(out, q.Text)
	}
	return out, sc.Err()
}

func (f *widgetLoadFlags) check() string {
	switch {
	case f.inproc == (f.addr != ""):
		return "give exactly one of --addr URL and --inproc"
	case f.addr != "" && !strings.HasPrefix(f.addr, "http://127.") && !strings.HasPrefix(f.addr, "http://localhost") &&
		!strings.HasPrefix(f.addr, "http://[::1]"):
		return "--addr must be a loopback http:// address (127.0.0.0/8, localhost, [::1])"
	case f.echo && !f.inproc:
		return "--echo needs --inproc"
	case f.conns < 0 || f.conns > 50000:
		return "--conns must be between 0 and 50000"
	case f.senders < 1 || f.senders > 5000:
		return "--senders must be between 1 and 5000"
	case f.rate <= 0 || f.rate > 20000:
		return "--rate must be above 0 and at most 20000"
	case f.duration <= 0 || f.duration > 15*time.Minute || f.hold < 0 || f.hold > 2*time.Minute:
		return "--duration must be positive and at most 15m, --hold at most 2m"
	case f.perConversation < 0 || f.memoryEvery < 0:
		return "--per-conversation and --memory-every must not be negative"
	case f.sources < 1 || f.sources > 254:
		return "--sources must be between 1 and 254"
	case f.unique && f.rate*f.duration.Seconds() > float64(len(f.questions)*maxVariants):
		return fmt.Sprintf("--uncached: %d questions give %d distinct variants, fewer than --rate × --duration; give a larger --questions file",
			len(f.questions), len(f.questions)*maxVariants)
	}
	return ""
}

// raiseFileLimit makes room for every socket: both ends when the server
// runs in this process.
func (f *widgetLoadFlags) raiseFileLimit(w io.Writer) {
	need := uint64(f.conns+f.senders) + 512
	if f.inproc {
		need *= 2
	}
	before, after, err := webload.RaiseFileLimit(need)
	switch {
	case err != nil && after < need:
		fmt.Fprintf(w, "warning: open-file limit %d, %d needed, could not raise it: %v\n", after, need, err)
	case after > before:
		fmt.Fprintf(w, "raised the open-file limit from %d to %d\n", before, after)
	}
}

// memSample is what a server holds: Go heap and goroutine stacks in use,
// and the process's resident size when known (0 otherwise).
type memSample struct{ heap, stack, rss float64 }

type memory func() (memSample, error)

// localMemory measures this process after a collection. With --inproc it
// holds the client side of each connection too, so the figure is an upper
// bound of the server's.
func localMemory() (memSample, error) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memSample{heap: float64(m.HeapInuse), stack: float64(m.StackInuse)}, nil
}

// widgetLoad runs both phases against url and prints the figures.
func widgetLoad(ctx context.Context, w io.Writer, url string, f widgetLoadFlags, mem memory, cpu cpuMeter) int {
	header := http.Header{}
	if f.origin != "" {
		header.Set("Origin", f.origin)
	}
	before, err := mem()
	if err != nil {
		fmt.Fprintf(w, "memory before: %v\n", err)
	}
	start := time.Now()
	pool := webload.OpenFrom(ctx, url, header, f.conns, 64, sourceAddrs(f.sources))
	defer pool.Close()
	opened := time.Since(start)
	after, aerr := mem()
	held := pool.Held()
	fmt.Fprintf(w, "connections held: %d of %d (opened in %s)\n", held, f.conns, opened.Round(time.Millisecond))
	if n, ferr := pool.Failed(); n > 0 {
		fmt.Fprintf(w, "connections refused or failed: %d, first: %v\n", n, ferr)
	}
	if err == nil && aerr == nil && held > 0 {
		printMemory(w, before, after, held)
	}
	cfg := webload.ChatConfig{URL: url, Header: header, Senders: f.senders, Rate: f.rate,
		Duration: f.duration, Texts: f.questions, Sources: sourceAddrs(f.sources), PerConversation: f.perConversation}
	if f.unique {
		cfg.Next = variants(f.questions)
		fmt.Fprintf(w, "uncached: every question asked once (%d base questions, variants of them)\n", len(f.questions))
	}
	cpu0, cerr := cpu()
	if f.memoryEvery > 0 {
		sctx, stop := context.WithCancel(ctx)
		defer stop()
		go sampleMemory(sctx, w, f.memoryEvery, mem)
	}
	res, err := webload.Chat(ctx, cfg)
	if err != nil {
		fmt.Fprintf(w, "questions: %v\n", err)
		return 1
	}
	cpu1, cerr1 := cpu()
	widgetLoadReport(w, res, pool.Held())
	switch {
	case cerr != nil || cerr1 != nil:
		fmt.Fprintf(w, "cpu: %v\n", errors.Join(cerr, cerr1))
	case res.Answered > 0:
		fmt.Fprintf(w, "cpu: %.2fs over the questions, %.3fms per answer\n", cpu1-cpu0, (cpu1-cpu0)*1000/float64(res.Answered))
	}
	if f.hold > 0 {
		select {
		case <-ctx.Done():
		case <-time.After(f.hold):
		}
	}
	return 0
}

// sampleMemory prints the server's memory every interval until ctx ends.
func sampleMemory(ctx context.Context, w io.Writer, every time.Duration, mem memory) {
	start := time.Now()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		m, err := mem()
		if err != nil {
			fmt.Fprintf(w, "memory at %s: %v\n", time.Since(start).Round(time.Second), err)
			continue
		}
		fmt.Fprintf(w, "memory at %s: heap %.1f MiB, stacks %.1f MiB, resident %.1f MiB\n", time.Since(start).Round(time.Second),
			m.heap/(1<<20), m.stack/(1<<20), m.rss/(1<<20))
	}
}

func printMemory(w io.Writer, before, after memSample, held int) {
	per := func(b, a float64) float64 { return (a - b) / float64(held) / 1024 }
	fmt.Fprintf(w, "server memory per idle connection: %.1f KiB (heap %.1f KiB, goroutine stacks %.1f KiB)",
		per(before.heap+before.stack, after.heap+after.stack), per(before.heap, after.heap), per(before.stack, after.stack))
	if after.rss > 0 {
		fmt.Fprintf(w, ", resident %.1f KiB", per(before.rss, after.rss))
	}
	fmt.Fprintln(w)
}

func widgetLoadReport(w io.Writer, r webload.ChatResult, held int) {
	fmt.Fprintf(w, "questions: %d sent by %d connections, %d answered, %d refused, %d unanswered; %d idle connections still held\n",
		r.Sent, r.Senders, r.Answered, r.Refused, r.Sent-r.Answered-r.Refused, held)
	if r.HandedOff > 0 {
		fmt.Fprintf(w, "conversations handed to a person: %d (each connection then opened a new one)\n", r.HandedOff)
	}
	if r.Exhausted {
		fmt.Fprintln(w, "warning: the questions ran out before the end of the run")
	}
	if r.FirstError != "" {
		fmt.Fprintf(w, "first error: %s\n", r.FirstError)
	}
	if r.Answered == 0 || r.Elapsed <= 0 {
		return
	}
	slices.Sort(r.Latencies)
	fmt.Fprintf(w, "throughput: %.0f questions answered per second end to end\n", float64(r.Answered)/r.Elapsed.Seconds())
	fmt.Fprintf(w, "latency (question due to first reply): p50 %s  p95 %s  p99 %s  max %s\n",
		ms(percentile(r.Latencies, .50)), ms(percentile(r.Latencies, .95)), ms(percentile(r.Latencies, .99)),
		ms(r.Latencies[len(r.Latencies)-1]))
}

// percentile returns the p-quantile (0..1) of sorted durations, by the
// nearest-rank method.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }
