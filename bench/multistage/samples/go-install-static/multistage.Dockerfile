FROM golang:1.19 AS build

# static binary, no libc needed
ENV CGO_ENABLED=0

WORKDIR /go/src/github.com/acme/sumtool
COPY . .

RUN go install -ldflags="-s -w" ./cmd/sumtool

FROM debian:bookworm-slim

# static binary, no libc needed
ENV CGO_ENABLED=0

WORKDIR /go/src/github.com/acme/sumtool

COPY --from=build /go/bin/sumtool /go/bin/sumtool
# ENTRYPOINT names the binary through PATH: keep $GOPATH/bin on it as golang:1.19 had it
ENV PATH=/go/bin:$PATH

ENTRYPOINT ["sumtool"]
CMD ["-algo", "sha256", "hello", "docker"]
