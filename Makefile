# Shortcuts; each target is one documented go command.
.PHONY: run test lint bench eval refit build

run:
	go run ./cmd/guichet

test:
	go test -race -count=1 ./...

lint:
	gofmt -l $$(git ls-files '*.go')
	go vet ./...

bench:
	go test -run '^$$' -bench . -benchmem ./kb/... ./bot/... ./store/...

eval:
	go run ./cmd/guichet eval testdata/eval/cases.jsonl
	for f in testdata/eval/english.jsonl testdata/eval/heldout-english.jsonl; do \
		if [ -f $$f ]; then echo "== $$f"; go run ./cmd/guichet eval $$f | tail -8; fi; done

# Refit the confidence model on the KB and the tuning set, with whole
# entries left out in turn; writes kb/data/model.json (see kb/README.md).
refit:
	go run ./cmd/guichet eval --fit --kb-holdout 5 --leave-entries-out 5 testdata/eval/cases.jsonl

build:
	CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o guichet ./cmd/guichet
