#!/bin/sh
cat /etc/app/app.ini
