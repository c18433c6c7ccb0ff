#!/usr/bin/env bash
# Post what a pull request does to the plan as one sticky comment: `roadmap diff git:$BASE_SHA` in Markdown for each
# roadmap under ROADMAP_DIR, in one comment found again by its hidden marker and edited, or created the first time.
#
# Needs: BASE_SHA (the pull request's base commit, fetched: checkout with fetch-depth 0), PR_NUMBER, the `gh` CLI with
# GH_TOKEN (and GH_REPO outside a clone of the repository); optional ROADMAP_DIR (default `roadmaps`) and
# ROADMAP_FAIL_ON_SLIP (days: after posting, fail when a roadmap finish slips more than that).
set -euo pipefail

: "${BASE_SHA:?set BASE_SHA to the pull request base commit}"
: "${PR_NUMBER:?set PR_NUMBER to the pull request number}"
ROADMAP_DIR="${ROADMAP_DIR:-roadmaps}"
MARKER='<!-- roadmap-diff -->'
LIMIT=65000 # GitHub refuses comments over 65,536 characters

if ! git rev-parse --verify --quiet "$BASE_SHA^{commit}" > /dev/null; then
  echo "roadmap-diff: the base commit $BASE_SHA is not in this clone; check out with fetch-depth: 0" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if compgen -G "$ROADMAP_DIR/*.y*ml" > /dev/null; then set -- "$ROADMAP_DIR"; else set -- "$ROADMAP_DIR"/*/; fi
failed=0
number=0
for folder in "$@"; do
  folder="${folder%/}"
  compgen -G "$folder/*.y*ml" > /dev/null || continue
  number=$((number + 1))
  part="$work/$(printf '%03d' "$number").md"
  if ! git cat-file -e "$BASE_SHA:$folder" 2> /dev/null; then
    printf '**`%s`: new in this pull request** (no plan at the base commit to compare with)\n' "$folder" > "$part"
    continue
  fi
  status=0
  roadmap diff "git:$BASE_SHA" "$folder" --format markdown ${ROADMAP_FAIL_ON_SLIP:+--fail-on-slip "$ROADMAP_FAIL_ON_SLIP"} > "$part" || status=$?
  if [ "$status" -ge 2 ] || [ ! -s "$part" ]; then
    echo "roadmap diff failed for $folder (exit $status)" >&2
    exit "$(( status > 1 ? status : 1 ))"
  fi
  [ "$status" -eq 0 ] || failed=1
done

body="$work/body.md"
{
  printf '%s\n' "$MARKER"
  first=1
  for part in "$work"/[0-9]*.md; do
    [ -e "$part" ] || continue
    [ "$first" -eq 1 ] || printf '\n---\n\n'
    first=0
    cat "$part"
  done
} > "$body"
if [ "$(wc -m < "$body")" -gt "$LIMIT" ]; then
  {
    printf '%s\n' "$MARKER"
    for part in "$work"/[0-9]*.md; do head -n 1 "$part"; printf '\n'; done
    printf 'The full diffs are too long for one comment: run `roadmap diff git:%s` locally.\n' "$BASE_SHA"
  } > "$body"
fi

comment="$(gh api --paginate "repos/{owner}/{repo}/issues/$PR_NUMBER/comments" \
  --jq ".[] | select(.body | startswith(\"$MARKER\")) | .id" | head -n 1)"
if [ -n "$comment" ]; then
  gh api --method PATCH "repos/{owner}/{repo}/issues/comments/$comment" -F "body=@$body" > /dev/null
  echo "updated comment $comment on pull request #$PR_NUMBER"
else
  gh api --method POST "repos/{owner}/{repo}/issues/$PR_NUMBER/comments" -F "body=@$body" > /dev/null
  echo "created a comment on pull request #$PR_NUMBER"
fi
exit "$failed"
