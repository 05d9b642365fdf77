# Shortcuts; each target is one documented go command.
.PHONY: run test lint bench eval build

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
	go run ./cmd/guichet eval --dialogues testdata/eval/dialogues.jsonl

build:
	CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o guichet ./cmd/guichet
