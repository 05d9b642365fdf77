# Shortcuts; each target is one documented go command.
.PHONY: run test lint bench eval refit build

run:
	go run ./cmd/guichet

# The skipped integration tests (no Redis, no Chromium...) are listed at
# the end, one line each (see internal/testenv).
test:
	@mkdir -p .cache && rm -f .cache/skipped-tests
	GUICHET_TEST_SKIP_REPORT=$(CURDIR)/.cache/skipped-tests go test -race -count=1 -timeout 30m ./...; \
	status=$$?; cat .cache/skipped-tests 2>/dev/null; exit $$status

lint:
	gofmt -l $$(git ls-files '*.go')
	go vet ./...

bench:
	go test -run '^$$' -bench . -benchmem ./kb/... ./bot/... ./store/...

eval:
	go run ./cmd/guichet eval testdata/eval/cases.jsonl
	for f in testdata/eval/english.jsonl testdata/eval/heldout-english.jsonl; do \
		if [ -f $$f ]; then echo "== $$f"; go run ./cmd/guichet eval $$f | tail -8; fi; done
	go run ./cmd/guichet eval --dialogues testdata/eval/dialogues.jsonl
	go run ./cmd/guichet eval --dialogues testdata/eval/dialogues-2.jsonl | tail -3
	go run ./cmd/guichet eval --summary testdata/eval/uncovered.jsonl testdata/eval/uncovered-2.jsonl \
		testdata/eval/faq-tuning.jsonl testdata/eval/faq-real.jsonl testdata/eval/lookalike.jsonl \
		testdata/eval/faq-real-2.jsonl testdata/eval/english-2.jsonl | tail -8
	go run ./cmd/guichet eval --facets --summary testdata/eval/facets.jsonl testdata/eval/facets-2.jsonl \
		testdata/eval/facets-3.jsonl

# Refit the confidence model on the KB and the tuning set, with whole
# entries left out in turn; writes kb/data/model.json (see kb/README.md).
# The answer threshold is set, not fitted, on the tuning sets only: 0.40
# answered 10 % of the questions about procedures the KB does not cover
# (testdata/eval/uncovered.jsonl) when the logistic regression came (15 %
# at 0.35); checked again with uncovered-2.jsonl (160 more), 0.42-0.50
# cost covered answers without answering fewer uncovered ones, see
# kb/README.md, "Refit"; clarifying from 0.20 asks "Vouliez-vous dire"
# rather than falling back.
refit:
	go run ./cmd/guichet eval --fit --kb-holdout 5 --leave-entries-out 5 \
		--answer-threshold 0.40 --clarify-threshold 0.20 testdata/eval/cases.jsonl

build:
	CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o guichet ./cmd/guichet
