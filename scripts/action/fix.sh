#!/bin/bash
# The action's optional fix step: finds the documents with images that lack alt text (the same
# selection as the check, --changed-since included), captions those images with MODEL and writes the
# alt text into them. Outputs fixed (how many images got alt text). Images it cannot fix (remote,
# missing) are left for the check step to report. Exit code 2 for bad inputs or a model that fails.
set -uo pipefail
. "$(dirname "$0")/common.sh"

[ -n "${MODEL:-}" ] || fail "fix needs a model: a folder or hub:ID[@REVISION]"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$CLI" check "${paths[@]}" ${selection[@]+"${selection[@]}"} ${changed[@]+"${changed[@]}"} --format json > "$work/check.json"
code=$?
[ $code -le 1 ] || exit $code
files=()
while IFS= read -r file; do files+=("$file"); done < <(node -e '
  const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const files = new Set(report.images.filter((i) => i.altState === "missing" || i.altState === "placeholder").map((i) => i.file));
  for (const file of files) console.log(file);' "$work/check.json")
if [ ${#files[@]} -eq 0 ]; then
  echo "No image lacks alt text: nothing to caption."
  output fixed 0
  exit 0
fi

cache=${CACHE_DIR:-${RUNNER_TEMP:-$work}/local-alt-text-cache}
# As actions/cache takes it: a leading ~ is the home folder (the shell does not expand it in a variable).
case "$cache" in "~" | "~/"*) cache="$HOME${cache#\~}" ;; esac
echo "Captioning the images in ${#files[@]} documents with $MODEL (${PRECISION:-fp32}); models are kept in $cache"
"$CLI" fix --model "$MODEL" --precision "${PRECISION:-fp32}" --cache-dir "$cache" --yes --format json -- "${files[@]}" > "$work/fix.json"
code=$?
[ $code -le 1 ] || exit $code
fixed=$(node -e '
  const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const i of report.images) console.error(`${i.file}:${i.line}:${i.column}  ${i.status === "written" ? JSON.stringify(i.caption) : `not fixed: ${i.reason}`}`);
  console.log(report.images.filter((i) => i.status === "written").length);' "$work/fix.json") || fail "cannot read the fix report"
output fixed "$fixed"
