#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds a job's image, pushes it, and creates or updates its Cloud Run job with every setting of its
# deploy/jobs/<job>/job-config.env. Usage: deploy/deploy.sh [--dry-run] <job> | --list
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/jobs.sh
. "$here/lib/jobs.sh"
# shellcheck source=lib/config.sh
. "$here/lib/config.sh"

usage() {
  cat <<EOF
usage: deploy/deploy.sh [--dry-run] <job>    build, push and deploy one job (bdl_boxscores, bdl-boxscores, ...)
       deploy/deploy.sh --list               the jobs that have a deploy/jobs/<job>/job-config.env
  --dry-run        print the commands instead of running them
environment: GCP_PROJECT_ID (default nba-props-platform), IMAGE_TAG (default: the short git commit, else latest)
EOF
}

die() { echo "deploy: $*" >&2; exit 2; }

dry_run=false job_arg=""
while (($#)); do
  case $1 in
    --dry-run) dry_run=true ;;
    --list) job_print_list job_configured; exit 0 ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option '$1' (deploy/deploy.sh --help)" ;;
    *) [ -z "$job_arg" ] || die "one job at a time ('$job_arg', then '$1')"; job_arg=$1 ;;
  esac
  shift
done
[ -n "$job_arg" ] || { usage >&2; exit 2; }

job=$(job_resolve "$job_arg" job_configured) ||
  die "unknown job '$job_arg'; the jobs are: $(job_configured | paste -sd " ")"
config=$(job_config_file "$job")
job_config_load "$config"
job_config_check "${config#"$NBARAW_ROOT"/}" || exit 2

project=${GCP_PROJECT_ID:-nba-props-platform}
[[ $project =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]] || die "GCP_PROJECT_ID='$project' is not a project id"
tag=${IMAGE_TAG:-$(git -C "$NBARAW_ROOT" rev-parse --short HEAD 2>/dev/null || echo latest)}
[[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "IMAGE_TAG='$tag' is not a Docker tag"
# Artifact Registry (gcr.io is being retired): one repository, nbaraw, in the job's region.
image="$REGION-docker.pkg.dev/$project/nbaraw/nbaraw-${job//_/-}:$tag"

# '@' cannot occur in these values (checked above), so it is the list delimiter and commas survive.
env_vars="GCP_PROJECT_ID=$project"
for key in BUCKET_NAME START_DATE END_DATE; do
  if [ -n "${!key-}" ]; then env_vars+="@$key=${!key}"; fi
done

# A command as a shell line to copy: words quoted only when they need it.
shell_line() {
  local word line=""
  for word in "$@"; do
    if ! [[ $word =~ ^[A-Za-z0-9_./:=@^,+%-]+$ ]]; then word="'${word//"'"/"'\\''"}'"; fi
    line+="${line:+ }$word"
  done
  printf '%s\n' "$line"
}

run() {
  if $dry_run; then
    shell_line "$@"
  else
    echo "+ $*" >&2
    "$@"
  fi
}

cd "$NBARAW_ROOT"  # the build context is the repository
# Cloud Run runs linux/amd64 images, whatever machine builds them.
run docker build --platform linux/amd64 -f deploy/Dockerfile --build-arg "JOB_DRIVER=$JOB_DRIVER" -t "$image" .
run docker push "$image"
# deploy creates the job or replaces its settings, so running this twice is harmless; --set-env-vars
# replaces the whole list, so a variable removed from the config goes away too.
run gcloud run jobs deploy "$JOB_NAME" \
  "--image=$image" \
  "--region=$REGION" \
  "--project=$project" \
  "--task-timeout=${TASK_TIMEOUT}s" \
  "--memory=$MEMORY" \
  "--cpu=$CPU" \
  "--tasks=$TASKS" \
  "--parallelism=$PARALLELISM" \
  "--max-retries=$MAX_RETRIES" \
  "--service-account=$SERVICE_ACCOUNT" \
  "--set-env-vars=^@^$env_vars"

# The drivers read only GCP_PROJECT_ID from the environment; the dates and bucket take effect as flags.
flags=()
if [ -n "${BUCKET_NAME-}" ]; then flags+=("--bucket=$BUCKET_NAME"); fi
if [ -n "${START_DATE-}" ]; then flags+=("--start-date=$START_DATE"); fi
if [ -n "${END_DATE-}" ]; then flags+=("--end-date=$END_DATE"); fi
args=$(IFS=,; echo "${flags[*]-}")
if $dry_run; then echo "deploy: dry run, nothing ran; once deployed, run the job with:" >&2
else echo "deploy: $JOB_NAME deployed; run it with:" >&2; fi
echo "  gcloud run jobs execute $JOB_NAME --region=$REGION --project=$project${args:+ --args=$args}" >&2
