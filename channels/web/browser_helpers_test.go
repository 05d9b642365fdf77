package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet/internal/testenv"
)

// W is the widget's shadow root, for expressions run in the page.
const W = `document.querySelector('#guichet-widget').shadowRoot`

// envScreenshots names a directory where browser tests save what they see.
const envScreenshots = "GUICHET_TEST_SCREENSHOTS"

// page is one tab of a fresh headless Chromium.
type page struct {
	t   *testing.T
	ctx context.Context
}

func newPage(t *testing.T, width, height int64) *page {
	t.Helper()
	exe := testenv.Chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(width), int(height)),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel() })
	p := &page{t: t, ctx: ctx}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return p
}

// do runs actions, failing the test on error or after 30 s (a guard).
func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.shot("failed")
		p.t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](p *page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// wait polls expr until it is truthy.
func (p *page) wait(what, expr string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		p.shot("failed")
		p.t.Fatalf("waiting for %s: %v\nwidget shows: %q\nstatus: %q", what, err, p.bubbles(), p.status())
	}
}

func (p *page) open(url string) {
	p.t.Helper()
	p.do("open "+url, chromedp.Navigate(url))
	p.wait("the widget", W+`.querySelector('.launcher') !== null`)
}

// enter presses Enter the way a keyboard does: one keyDown carrying the
// text, so that a page cancelling keydown also stops the newline
// (chromedp's KeyEvent sends the text in a separate event that a page
// cannot cancel).
func (p *page) enter() {
	p.t.Helper()
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r",
		UnmodifiedText: "\r", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	up := down
	up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	p.do("press Enter", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, k := range []input.DispatchKeyEventParams{down, up} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, k); err != nil {
				return err
			}
		}
		return nil
	}))
}

func (p *page) key(keys string, opts ...chromedp.KeyOption) {
	p.t.Helper()
	p.do("press "+keys, chromedp.KeyEvent(keys, opts...))
}

// bubbles is the text of every message the widget shows, history first.
func (p *page) bubbles() []string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	v, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(`+W+`.querySelectorAll('.bubble')).map(e => e.textContent)`))
	return v
}

func (p *page) status() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](W+`.querySelector('.status').textContent`))
	return v
}

func (p *page) count(text string) int {
	n := 0
	for _, b := range p.bubbles() {
		if b == text {
			n++
		}
	}
	return n
}

// waitText waits until a bubble shows text.
func (p *page) waitText(text string) {
	p.t.Helper()
	p.wait(fmt.Sprintf("%q", text), fmt.Sprintf(
		`Array.from(%s.querySelectorAll('.hist .bubble')).some(e => e.textContent === %q)`, W, text))
}

// focused describes the element that has the keyboard focus.
func (p *page) focused() string {
	return eval[string](p, `(() => { const a = `+W+`.activeElement;
		return a ? (a.id || a.className || a.tagName) + ':' + a.textContent : 'page:' + document.activeElement.tagName })()`)
}

// shot saves a screenshot when GUICHET_TEST_SCREENSHOTS names a directory.
func (p *page) shot(name string) {
	dir := os.Getenv(envScreenshots)
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(p.t.Name(), "/", "_")+"-"+name+".png"), png, 0o644)
	}
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
	}
}
