#!/bin/sh
set -e
cat lib/*.sh > /app/bundle.sh
