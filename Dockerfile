# Guichet: a static binary in a minimal image. Not built on the development
# machines (no Docker engine there); see README "Production".
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/guichet ./cmd/guichet

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/guichet /app/guichet
# The KB is compiled into the binary; these copies are the defaults that a
# mount over /app/kb or /app/config.yaml replaces (set GUICHET_KB_DIR=/app/kb/data).
COPY config.yaml /app/config.yaml
COPY kb/data /app/kb/data
ENV GUICHET_CONFIG=/app/config.yaml
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/app/guichet", "healthcheck"]
ENTRYPOINT ["/app/guichet"]
CMD ["serve"]
