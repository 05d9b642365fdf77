package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// The uncached mode asks every question once: the n-th question of a run
// is a variant of one base question (the questions file, in turn) that no
// earlier question of the run shares once normalised, so the matcher's
// result cache never answers it and each message costs what a new
// citizen's would. A variant adds an opening and a closing a citizen might
// write around the question, and at times swaps two letters of one long
// word, which the typo correction must repair.

// variantOpenings and variantClosings are distinct once normalised
// (TestVariantsAreDistinct checks it): the pair (opening, closing) tells a
// variant from the others of the same base question. The empty pair is the
// base question as written.
var variantOpenings = []string{"", "bonjour", "bonsoir", "salut", "rebonjour", "excusez-moi", "madame, monsieur",
	"petite question", "une question", "j'ai une question", "aidez-moi", "au secours", "urgent", "alors voilà",
	"voilà", "dites-moi", "pardon", "hello", "coucou", "bonjour madame", "bonjour monsieur", "question rapide",
	"je me demande", "je voudrais savoir", "pouvez-vous me dire", "en fait", "euh", "bonjour à vous"}

var variantClosings = []string{"", "merci", "merci d'avance", "cordialement", "bonne journée", "c'est urgent",
	"je suis perdu", "s'il vous plaît", "merci beaucoup", "je vous remercie", "vite", "depuis hier",
	"depuis une semaine", "pour ma fille", "pour mon fils", "pour ma mère", "pour mon père", "pour mon mari",
	"pour ma femme", "à paris", "à lyon", "à marseille", "à lille", "à nantes", "à bordeaux", "à toulouse",
	"à strasbourg", "à rennes"}

// maxVariants is how many distinct variants each base question has.
var maxVariants = len(variantOpenings) * len(variantClosings)

// variants returns the generator of a run's questions over bases: base
// n mod len(bases), variant n / len(bases). It runs out after
// len(bases) × maxVariants questions.
func variants(bases []string) func(n int) (string, bool) {
	return func(n int) (string, bool) {
		base, v := bases[n%len(bases)], n/len(bases)
		if v >= maxVariants {
			return "", false
		}
		open, closing := variantOpenings[v%len(variantOpenings)], variantClosings[v/len(variantOpenings)]
		q := typo(base, v)
		if open != "" {
			q = open + ", " + q
		}
		if closing != "" {
			q = strings.TrimRight(q, " ?!.") + " " + closing
		}
		return q, true
	}
}

// typo swaps two inner letters of one word of six letters or more in one
// variant out of three (which word depends on v); the others are left as
// written.
func typo(q string, v int) string {
	if v%3 != 1 {
		return q
	}
	words := strings.Split(q, " ")
	var long []int
	for i, w := range words {
		if utf8.RuneCountInString(w) >= 6 && isLetters(w) {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return q
	}
	i := long[(v/3)%len(long)]
	r := []rune(words[i])
	j := 1 + (v/3)%(len(r)-3)
	r[j], r[j+1] = r[j+1], r[j]
	words[i] = string(r)
	return strings.Join(words, " ")
}

func isLetters(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// sourceAddrs returns 127.0.0.1 to 127.0.0.n.
func sourceAddrs(n int) []net.IP {
	out := make([]net.IP, n)
	for i := range out {
		out[i] = net.IPv4(127, 0, 0, byte(i+1))
	}
	return out
}

// cpuMeter reads a CPU time in seconds: the server's own from its metrics,
// or this process's.
type cpuMeter func() (float64, error)

// remoteCPU reads process_cpu_seconds_total from a server's Prometheus
// metrics at url.
func remoteCPU(url string) cpuMeter {
	return func() (float64, error) {
		resp, err := http.Get(url) //nolint:gosec // the operator's own server
		if err != nil {
			return 0, fmt.Errorf("metrics: %w", err)
		}
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "process_cpu_seconds_total "); ok {
				return strconv.ParseFloat(strings.TrimSpace(v), 64)
			}
		}
		return 0, fmt.Errorf("metrics: %s has no process_cpu_seconds_total", url)
	}
}

// selfCPU is this process's user and system CPU time: with --inproc, the
// server's and the generator's together.
func selfCPU() (float64, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	tv := func(t syscall.Timeval) float64 { return time.Duration(t.Nano()).Seconds() }
	return tv(ru.Utime) + tv(ru.Stime), nil
}
