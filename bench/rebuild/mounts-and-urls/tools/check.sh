#!/bin/sh
echo check ok
