FROM debian:bookworm-slim AS build

RUN apt-get update && apt-get install -y build-essential zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src/zcrc
COPY . .

RUN make && make install

FROM debian:bookworm-slim

# the binary links libz.so.1: zlib1g is already in debian:bookworm-slim

WORKDIR /usr/src/zcrc

COPY --from=build /usr/local/bin/zcrc /usr/local/bin/zcrc
COPY --from=build /usr/local/share/zcrc /usr/local/share/zcrc

CMD ["zcrc", "--self-test"]
