# shellcheck shell=bash
# Job names shared by deploy/deploy.sh and scripts/run_backfill (sourced, never run).
# A job is named after its driver, drivers/<job>_backfill.cpp; deploy/jobs/<job>/job-config.env makes it
# deployable. Names are given as bdl_boxscores, bdl-boxscores or bdl_boxscores_backfill, all the same job.

NBARAW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NBARAW_JOBS_DIR=$NBARAW_ROOT/deploy/jobs

# The canonical form of a name: lowercase letters, digits and '_'; no '-' and no _backfill suffix.
# Anything else (upper case, '/', '.', empty) is not a job name, so it can never reach a path.
job_normalize() {
  local name=${1//-/_}
  name=${name%_backfill}
  [[ $name =~ ^[a-z][a-z0-9_]*$ ]] || return 1
  printf '%s\n' "$name"
}

# Jobs that can be deployed: one per config folder.
job_configured() {
  local file
  for file in "$NBARAW_JOBS_DIR"/*/job-config.env; do
    [ -f "$file" ] || continue
    file=${file%/job-config.env}
    printf '%s\n' "${file##*/}"
  done
}

# Every job: the drivers, and the configs (which may name another driver).
job_all() {
  local file
  {
    for file in "$NBARAW_ROOT"/drivers/*_backfill.cpp; do
      [ -f "$file" ] || continue
      file=${file##*/}
      printf '%s\n' "${file%_backfill.cpp}"
    done
    job_configured
  } | LC_ALL=C sort -u
}

job_config_file() { printf '%s\n' "$NBARAW_JOBS_DIR/$1/job-config.env"; }

# Resolves a name given by a user to a known job, from the list that `lister` prints (default job_all).
job_resolve() {
  local name jobs lister=${2:-job_all}
  name=$(job_normalize "$1") || return 1
  jobs=$("$lister")  # not piped into grep -q, which may leave the lister a broken pipe
  grep -qxF -- "$name" <<<"$jobs" || return 1
  printf '%s\n' "$name"
}

# One key of a job's config, empty when the job or the key has none; sourced in a subshell so that
# nothing leaks into the caller.
job_config_value() {
  local file
  file=$(job_config_file "$1")
  [ -f "$file" ] || return 0
  (
    unset "$2"
    # shellcheck disable=SC1090
    . "$file"
    printf '%s\n' "${!2-}"
  )
}

# The driver binary of a job: the config's JOB_DRIVER, else <job>_backfill.
job_driver() {
  local driver
  driver=$(job_config_value "$1" JOB_DRIVER)
  printf '%s\n' "${driver:-$1_backfill}"
}

# A one-line description: the config's, else the driver's first comment line.
job_description() {
  local text
  text=$(job_config_value "$1" JOB_DESCRIPTION)
  if [ -z "$text" ] && [ -f "$NBARAW_ROOT/drivers/$1_backfill.cpp" ]; then
    text=$(sed -n '1s|^// *||p' "$NBARAW_ROOT/drivers/$1_backfill.cpp")
  fi
  printf '%s\n' "$text"
}

# "job  description" lines for the jobs that `lister` prints.
job_print_list() {
  local job
  for job in $("${1:-job_all}"); do
    printf '%-20s %s\n' "$job" "$(job_description "$job")"
  done
}
