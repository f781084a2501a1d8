#!/bin/sh
set -e
mkdir -p /opt/deps && echo "deps 1.0" > /opt/deps/VERSION
