#!/bin/bash
# The action's check step: prints the report in the job log (FORMAT), writes the SARIF report to
# SARIF_FILE, outputs sarif-file (absolute) and problems (every rule's, warnings too), and fails when
# FAIL_ON_PROBLEMS is true and check failed: a rule of severity error fired (docs/rules.md). Exit code 2 for bad inputs or an error of the CLI.
set -uo pipefail
. "$(dirname "$0")/common.sh"

case "${FORMAT:-text}" in text | json) ;; *) fail "format must be text or json, not '${FORMAT}' (the SARIF report is written in any case)" ;; esac
case "${FAIL_ON_PROBLEMS:-true}" in true | false) ;; *) fail "fail-on-problems must be true or false, not '${FAIL_ON_PROBLEMS}'" ;; esac
[ -n "${SARIF_FILE:-}" ] || fail "sarif-file must name a file"
case "$SARIF_FILE" in /*) sarif=$SARIF_FILE ;; *) sarif="$PWD/$SARIF_FILE" ;; esac
mkdir -p "$(dirname "$sarif")" || fail "cannot create the folder for $sarif"

"$CLI" check "${paths[@]}" ${selection[@]+"${selection[@]}"} ${changed[@]+"${changed[@]}"} --format "${FORMAT:-text}"
code=$?
[ $code -le 1 ] || exit $code
# The same selection again, as SARIF; its notes were printed above already.
"$CLI" check "${paths[@]}" ${selection[@]+"${selection[@]}"} ${changed[@]+"${changed[@]}"} --format sarif > "$sarif" 2> /dev/null
[ $? -le 1 ] || fail "check --format sarif failed after check succeeded"

problems=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0].results.length)' "$sarif") || fail "cannot read $sarif"
output sarif-file "$sarif"
output problems "$problems"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ "$problems" -eq 0 ]; then echo "Local Alt Text: every image checked has useful alt text." >> "$GITHUB_STEP_SUMMARY"
  else echo "Local Alt Text: $problems alt text problems (SARIF report: \`$SARIF_FILE\`)." >> "$GITHUB_STEP_SUMMARY"; fi
fi
# Warnings alone (redundant-prefix, alt-too-long, ...) are reported but do not fail, as in check.
if [ $code -eq 1 ] && [ "${FAIL_ON_PROBLEMS:-true}" = true ]; then
  echo "::error title=Local Alt Text::$problems alt text problems, errors among them"
  exit 1
fi
exit 0
