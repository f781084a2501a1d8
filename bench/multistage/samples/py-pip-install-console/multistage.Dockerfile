FROM python:3.11 AS build

WORKDIR /src
COPY . .

RUN python -m venv /venv \
    && /venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim

WORKDIR /src

COPY --from=build /venv /venv

ENTRYPOINT ["/venv/bin/mkslug"]
CMD ["Hello, World!", "Crème brûlée: a recipe", "  Docker   multi-stage builds  "]
