package bot_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// BenchmarkHandle measures one citizen message through the whole engine
// (record, decide on the real KB, save state, send, quality facts) on the
// memory store, each message opening a new conversation, over the texts of
// the repository's evaluation set. Every round gets a fresh matcher, so
// every message pays for its index search.
func BenchmarkHandle(b *testing.B) { benchmarkHandle(b, false) }

// BenchmarkHandleCached is the same once every message has been seen: a
// repeated question skips the index search.
func BenchmarkHandleCached(b *testing.B) { benchmarkHandle(b, true) }

func benchmarkHandle(b *testing.B, cached bool) {
	st := store.NewMemory(store.Options{})
	defer st.Close()
	d := dispatch.New(st, nil)
	m := freshMatcher(b)
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: func() *match.Matcher { return m }, States: st,
		Recorder: d, RecordLoader: d, Sender: d, Facts: quality.NewMemory(time.Hour, time.Now), AskFeedback: true})
	texts := testenv.EvalTexts(b)
	if cached {
		for _, t := range texts {
			m.Match(t)
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !cached && i > 0 && i%len(texts) == 0 {
			b.StopTimer()
			m = freshMatcher(b)
			b.StartTimer()
		}
		conv := guichet.NewConversationID(guichet.ChannelWeb, fmt.Sprintf("c%d", i))
		msg := guichet.Message{ID: "m", Conversation: conv, Text: texts[i%len(texts)], Time: time.Now()}
		if err := eng.Handle(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// freshMatcher builds a new matcher, before the timer starts or with it
// stopped, and collects the garbage of the one it replaces (a KB build
// allocates ~200 MB): the messages timed after it do not pay for a
// rebuild a server makes only on a KB reload.
func freshMatcher(b *testing.B) *match.Matcher {
	m, err := match.NewEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	return m
}

// BenchmarkDecide measures what issue 15 sets a target for: the matcher
// plus the dialogue logic (reading facets and slots, follow-ups, decision
// trees), with no store and no cache: every round over the evaluation
// set's texts gets a fresh matcher, and every message a fresh state.
func BenchmarkDecide(b *testing.B) {
	m := freshMatcher(b)
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: func() *match.Matcher { return m }, AskFeedback: true})
	texts := testenv.EvalTexts(b)
	now := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%len(texts) == 0 {
			b.StopTimer()
			m = freshMatcher(b)
			b.StartTimer()
		}
		var st bot.State
		msg := guichet.Message{ID: "m", Text: texts[i%len(texts)], Time: now}
		if _, err := eng.Decide(&st, msg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkDecideFollowUps is the same on conversations: each message of
// the evaluation set followed by three follow-ups in its context (a facet,
// a slot changed, a short question pointing back). The three follow-ups are
// the same words every time, so after their first use their own search is
// cached (a search with the topic's subject added is not, per topic): this
// measures the dialogue logic of follow-ups more than the matcher.
func BenchmarkDecideFollowUps(b *testing.B) {
	m := freshMatcher(b)
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: func() *match.Matcher { return m }, AskFeedback: true})
	texts := testenv.EvalTexts(b)
	followUps := []string{"c'est payant ?", "et pour mon fils de 16 ans ?", "c'est ouvert le dimanche ?"}
	now := time.Now()
	var st bot.State
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%(4*len(texts)) == 0 {
			b.StopTimer()
			m = freshMatcher(b)
			b.StartTimer()
		}
		text := followUps[i%4%3]
		if i%4 == 0 {
			st = bot.State{}
			text = texts[i/4%len(texts)]
		}
		msg := guichet.Message{ID: "m", Text: text, Time: now}
		if _, err := eng.Decide(&st, msg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}
