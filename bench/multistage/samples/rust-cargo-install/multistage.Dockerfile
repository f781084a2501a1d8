FROM rust:1.63-bookworm AS build

WORKDIR /usr/src/wordfreq
COPY . .

RUN cargo install --path .

FROM debian:bookworm-slim

WORKDIR /usr/src/wordfreq

COPY --from=build /usr/local/cargo/bin/wordfreq /usr/local/cargo/bin/wordfreq
# CMD names the binary through PATH: keep $CARGO_HOME/bin on it as rust:1.63 had it
ENV PATH=/usr/local/cargo/bin:$PATH

CMD ["wordfreq"]
