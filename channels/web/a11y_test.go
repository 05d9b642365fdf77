package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet/internal/testenv"
)

// envAxe names axe.min.js; without it the test looks in the repository's
// .cache, where `npm install --prefix .cache axe-core` puts it.
const envAxe = "GUICHET_TEST_AXE"

func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv(envAxe)
	if path == "" {
		path = filepath.Join("..", "..", ".cache", "node_modules", "axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		testenv.Skip(t, "axe-core: set %s to axe.min.js or run `npm install --prefix .cache axe-core` at the repository root (%v)", envAxe, err)
	}
	return string(src)
}

// axeProblems runs axe-core's WCAG 2.0/2.1 A and AA rules on the page,
// shadow DOM included, and lists the serious and critical violations.
func axeProblems(p *page) []string {
	return eval[[]string](p, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => JSON.stringify(n.target)).join(', ')))`)
}

func TestBrowserAccessibility(t *testing.T) {
	axe := axeSource(t)
	s := newServer(t, nil, testConfig())
	for _, size := range []struct{ w, h int64 }{{1280, 800}, {320, 640}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := newPage(t, size.w, size.h)
			p.open(s.srv.URL + "/")
			p.do("inject axe", chromedp.Evaluate[chromedp.Void](axe))
			if problems := axeProblems(p); len(problems) > 0 {
				t.Errorf("closed widget:\n%s", strings.Join(problems, "\n"))
			}
			p.do("open", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
			p.waitText("Réponse: GET_STARTED")
			p.key("Où en est ma demande ? https://www.ants.gouv.fr/")
			p.enter()
			p.waitText("Réponse: Où en est ma demande ? https://www.ants.gouv.fr/")
			conv := eval[string](p, `JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':conv'))))`)
			s.agentSays(t, conv, "Bonjour, je regarde votre dossier.")
			p.waitText("Bonjour, je regarde votre dossier.")
			p.shot("open")
			if problems := axeProblems(p); len(problems) > 0 {
				t.Errorf("open widget with a conversation:\n%s", strings.Join(problems, "\n"))
			}
		})
	}
}

// At 320 CSS pixels (a small phone) and at 1280×800 zoomed to 200 %
// (640×400 CSS pixels), the widget fits the width, and everything a
// citizen needs can be reached.
func TestBrowserSmallScreensAndZoom(t *testing.T) {
	s := newServer(t, nil, testConfig())
	for _, size := range []struct{ w, h int64 }{{320, 568}, {640, 400}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := newPage(t, size.w, size.h)
			p.open(s.srv.URL + "/")
			p.do("open", chromedp.Click(chromedp.JSPath(W+`.querySelector('.launcher')`)))
			p.waitText("Réponse: GET_STARTED")
			p.key("Combien de temps pour refaire une carte grise après un déménagement ?")
			p.enter()
			p.waitText("Réponse: Combien de temps pour refaire une carte grise après un déménagement ?")
			p.shot("open")
			overflow := eval[[]string](p, fmt.Sprintf(`(() => {
				const r = %s, out = [], w = innerWidth;
				if (document.documentElement.scrollWidth > w) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
				const panel = r.querySelector('.panel');
				if (panel.scrollWidth > panel.clientWidth) out.push('panel scrolls sideways');
				for (const sel of ['.panel', '.head', '.log', '.qr button', 'textarea', '.send', '.reset', '.close']) {
					for (const e of r.querySelectorAll(sel)) {
						const b = e.getBoundingClientRect();
						if (b.width === 0) out.push(sel + ' is not shown');
						if (b.left < 0 || b.right > w + 0.5) out.push(sel + ' spans ' + b.left + '..' + b.right);
					}
				}
				for (const sel of ['textarea', '.send', '.close']) {
					const e = r.querySelector(sel);
					e.scrollIntoView({block: 'nearest'});
					const b = e.getBoundingClientRect();
					if (b.top < 0 || b.bottom > innerHeight + 0.5) out.push(sel + ' cannot be scrolled into view');
				}
				return out;
			})()`, W))
			if len(overflow) > 0 {
				t.Errorf("at %dx%d:\n%s", size.w, size.h, strings.Join(overflow, "\n"))
			}
		})
	}
}
