FROM rust:1.63-bookworm AS build

WORKDIR /usr/src/roman
COPY . .

RUN cargo build --release

FROM debian:bookworm-slim

WORKDIR /usr/src/roman

COPY --from=build /usr/src/roman/target/release/roman /usr/src/roman/target/release/roman

CMD ["./target/release/roman", "1994", "2024", "MMXXIV", "xlii"]
