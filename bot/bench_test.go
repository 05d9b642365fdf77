package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// BenchmarkHandle measures one citizen message through the whole engine
// (record, decide on the real KB, save state, send, quality facts) on the
// memory store, each message opening a new conversation, over the texts
// of the repository's evaluation set.
func BenchmarkHandle(b *testing.B) {
	st := store.NewMemory(store.Options{})
	defer st.Close()
	d := dispatch.New(st, nil)
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: st, Recorder: d, Sender: d,
		Facts: quality.NewMemory(time.Hour, time.Now), AskFeedback: true})
	texts := evalTexts(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		conv := guichet.NewConversationID(guichet.ChannelWeb, fmt.Sprintf("c%d", i))
		m := guichet.Message{ID: "m", Conversation: conv, Text: texts[i%len(texts)], Time: time.Now()}
		if err := eng.Handle(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

func evalTexts(b *testing.B) []string {
	f, err := os.Open("../testdata/eval/cases.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &c) == nil {
			texts = append(texts, c.Text)
		}
	}
	return texts
}
