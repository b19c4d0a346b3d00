# shellcheck shell=bash
# Loads and checks a job's job-config.env for deploy/deploy.sh (sourced, never run).

# Every key must be set and non-empty, and every one is passed to Cloud Run (the reference dropped
# SERVICE_ACCOUNT and MAX_RETRIES without a word).
JOB_CONFIG_REQUIRED=(JOB_NAME JOB_DRIVER JOB_DESCRIPTION TASK_TIMEOUT MEMORY CPU TASKS PARALLELISM
                     MAX_RETRIES REGION SERVICE_ACCOUNT)
# Defaults for an execution, set as environment variables only when non-empty.
JOB_CONFIG_OPTIONAL=(START_DATE END_DATE BUCKET_NAME)

# Sources the config into the caller's shell. Keys from the caller's environment are cleared first, so
# that a key missing from the file is reported rather than taken from wherever the deploy runs.
job_config_load() {
  unset "${JOB_CONFIG_REQUIRED[@]}" "${JOB_CONFIG_OPTIONAL[@]}"
  # shellcheck disable=SC1090
  . "$1"
}

# Prints one line per problem with the loaded config and fails when there is any.
job_config_check() {
  local config=$1 key errors=()
  # key → pattern and what it means, for the error line.
  local -A shape=(
    [JOB_NAME]='^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$'
    [JOB_DRIVER]='^[a-z][a-z0-9_]*_backfill$'
    [TASK_TIMEOUT]='^[1-9][0-9]{0,5}$'
    [MEMORY]='^[1-9][0-9]*(Mi|Gi)$'
    [CPU]='^([1-9][0-9]*|0?\.[0-9]+)$'
    [TASKS]='^[1-9][0-9]{0,4}$'
    [PARALLELISM]='^(0|[1-9][0-9]{0,4})$'
    [MAX_RETRIES]='^([0-9]|10)$'
    [REGION]='^[a-z]+-[a-z]+[0-9]+$'
    [SERVICE_ACCOUNT]='^[^@[:space:]]+@[^@[:space:]]+\.[a-z]+$'
    [START_DATE]='^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
    [END_DATE]='^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
    [BUCKET_NAME]='^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$'
  )
  local -A meaning=(
    [JOB_NAME]="a Cloud Run job name: lowercase letters, digits and '-', starting with a letter, not ending with '-', at most 63"
    [JOB_DRIVER]='a driver name, <job>_backfill'
    [TASK_TIMEOUT]='whole seconds'
    [MEMORY]='a size such as 512Mi or 4Gi'
    [CPU]='a number of CPUs such as 1, 2 or 0.5'
    [TASKS]='a whole number from 1 to 99999'
    [PARALLELISM]='a whole number, 0 meaning all tasks at once'
    [MAX_RETRIES]='a whole number from 0 to 10'
    [REGION]='a region such as us-west2'
    [SERVICE_ACCOUNT]='a service account e-mail'
    [START_DATE]='YYYY-MM-DD'
    [END_DATE]='YYYY-MM-DD'
    [BUCKET_NAME]='a bucket name'
  )
  local required=" ${JOB_CONFIG_REQUIRED[*]} "
  for key in "${JOB_CONFIG_REQUIRED[@]}" "${JOB_CONFIG_OPTIONAL[@]}"; do
    if [ -z "${!key-}" ]; then
      [[ $required == *" $key "* ]] && errors+=("$config: $key is missing or empty")
    elif [ -n "${shape[$key]-}" ] && ! [[ ${!key} =~ ${shape[$key]} ]]; then
      errors+=("$config: $key='${!key}' is not ${meaning[$key]}")
    fi
  done
  if [[ ${JOB_DRIVER-} =~ ${shape[JOB_DRIVER]} ]] && [ ! -f "$NBARAW_ROOT/drivers/$JOB_DRIVER.cpp" ]; then
    errors+=("$config: JOB_DRIVER=$JOB_DRIVER has no drivers/$JOB_DRIVER.cpp")
  fi
  if [[ ${TASKS-} =~ ${shape[TASKS]} && ${PARALLELISM-} =~ ${shape[PARALLELISM]} ]] && ((PARALLELISM > TASKS)); then
    errors+=("$config: PARALLELISM=$PARALLELISM is more than TASKS=$TASKS")
  fi
  if [[ ${TASK_TIMEOUT-} =~ ${shape[TASK_TIMEOUT]} ]] && ((TASK_TIMEOUT > 604800)); then
    errors+=("$config: TASK_TIMEOUT=$TASK_TIMEOUT is more than Cloud Run's 604800 s (7 days)")
  fi
  if [ -n "${START_DATE-}" ] && [ -n "${END_DATE-}" ] && [[ $START_DATE > $END_DATE ]]; then
    errors+=("$config: START_DATE=$START_DATE is after END_DATE=$END_DATE")
  fi
  ((${#errors[@]} == 0)) && return 0
  printf '%s\n' "${errors[@]}" >&2
  return 1
}
