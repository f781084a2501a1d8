#!/bin/sh
echo "setup ran" > /opt/setup.log
