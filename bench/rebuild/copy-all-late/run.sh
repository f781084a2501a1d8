#!/bin/sh
. /app/bundle.sh
greet
