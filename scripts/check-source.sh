#!/usr/bin/env bash
# check-source.sh - fails on C calls we do not write (curl's habit):
# unbounded or unchecked string functions, and SQL built with printf.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
banned='\b(sprintf|vsprintf|strcpy|strcat|strncpy|strtok|gets|atoi|atol|sscanf)[[:space:]]*\('
if grep -rnE "$banned" src tests/unit; then
	echo "check-source: banned function above; use snprintf/buf_*/strtol instead" >&2
	status=1
fi
# SQL text is only ever a literal in a statement table: never formatted.
if grep -rnE '(printf|buf_printf)\([^;]*"(SELECT|INSERT|UPDATE|DELETE) ' src; then
	echo "check-source: SQL built with printf above; bind parameters instead" >&2
	status=1
fi
[ $status -eq 0 ] && echo "check-source: ok"
exit $status
