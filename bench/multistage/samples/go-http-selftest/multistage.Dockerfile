FROM golang:1.19 AS build

WORKDIR /src

# fetch dependencies first so they stay cached while the code changes
COPY go.mod ./
RUN go mod download

COPY . .
RUN go build -o /usr/local/bin/pinger .

FROM debian:bookworm-slim

WORKDIR /src

COPY --from=build /usr/local/bin/pinger /usr/local/bin/pinger

EXPOSE 8080
USER nobody

# the default command runs the self-test; pass `-addr :8080` to serve
ENTRYPOINT ["pinger"]
CMD ["-selftest"]
