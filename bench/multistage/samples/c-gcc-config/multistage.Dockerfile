FROM gcc:12 AS build

COPY . /usr/src/loancalc
WORKDIR /usr/src/loancalc

RUN gcc -O2 -Wall -o loancalc main.c -lm

FROM debian:bookworm-slim

WORKDIR /usr/src/loancalc

COPY --from=build /usr/src/loancalc/loancalc /usr/src/loancalc/loancalc
# read at run time, relative to the working directory
COPY --from=build /usr/src/loancalc/config /usr/src/loancalc/config

CMD ["./loancalc"]
