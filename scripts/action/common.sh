# Shared by the action's steps (action.yml): the inputs that name files, as arguments for the CLI.
# PATHS is split on blanks and new lines (no glob expansion); INCLUDE and EXCLUDE on new lines only,
# since a glob may hold a space.

fail() {
  echo "::error title=Local Alt Text::$1"
  exit 2
}

[ -n "${CLI:-}" ] || fail "the CLI was not installed (no CLI path from the install step)"

set -f
# shellcheck disable=SC2206
paths=(${PATHS:-.})
set +f
[ ${#paths[@]} -gt 0 ] || paths=(.)

selection=()
add_globs() {
  local option=$1 line
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -z "$line" ] || selection+=("$option" "$line")
  done <<< "$2"
}
add_globs --include "${INCLUDE:-}"
add_globs --exclude "${EXCLUDE:-}"

changed=()
[ -z "${CHANGED_SINCE:-}" ] || changed=(--changed-since "$CHANGED_SINCE")

# Appends name=value to the step's outputs (GITHUB_OUTPUT), and says it in the log.
output() {
  echo "$1=$2" >> "${GITHUB_OUTPUT:-/dev/null}"
  echo "output $1: $2"
}
