FROM golang:1.19 AS build

WORKDIR /app

COPY . .

RUN go build -o app .

FROM debian:bookworm-slim

WORKDIR /app

COPY --from=build /app/app /app/app
# read at run time, relative to the working directory
COPY --from=build /app/templates /app/templates
COPY --from=build /app/data /app/data

ENV REPORT_TITLE="Platform team stand-up"

CMD ["./app"]
