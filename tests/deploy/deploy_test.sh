#!/usr/bin/env bash
# Tests deploy/deploy.sh, scripts/run_backfill and deploy/Dockerfile without Docker, gcloud or a C++
# build: fake docker and gcloud on PATH record their argv, which is compared with the job configs.
# usage: deploy_test.sh [configs|deploy|failures|run_backfill|dockerfile]...   (default: all)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset GCP_PROJECT_ID IMAGE_TAG NBARAW_BIN_DIR FAKE_FAIL
export FAKE_DIR=$work/calls
failures=0 checks=0

# ---- assertions: each failure says what was expected and what came ----------------------------------
fail() {
  printf 'FAIL: %s\n' "$1" >&2
  if (($# > 1)); then printf '%s\n' "${@:2}" >&2; fi
  failures=$((failures + 1))
}
expect_eq() { # what expected actual
  checks=$((checks + 1))
  [ "$2" == "$3" ] || fail "$1" "  expected: ${2//$'\n'/$'\n'            }" "  got:      ${3//$'\n'/$'\n'            }"
}
expect_has() { # what haystack needle
  checks=$((checks + 1))
  [[ $2 == *"$3"* ]] || fail "$1" "  expected to contain: $3" "  got: $2"
}
expect_line() { # what text regex: some line matches
  checks=$((checks + 1))
  grep -qE -- "$3" <<<"$2" || fail "$1" "  expected a line matching: $3" "  got: $2"
}

# ---- fakes ------------------------------------------------------------------------------------------
# Each call appends its argv as one %q line to $FAKE_DIR/log, its argv NUL-separated to
# $FAKE_DIR/<n>.<tool>, and its working folder to $FAKE_DIR/<n>.cwd. FAKE_FAIL="docker push" makes
# that call fail.
mkdir -p "$work/bin"
cat >"$work/bin/fake" <<'EOF'
#!/usr/bin/env bash
tool=${0##*/}
n=$(find "$FAKE_DIR" -name '*.cwd' | wc -l)
printf '%s\0' "$@" >"$FAKE_DIR/$n.$tool"
pwd >"$FAKE_DIR/$n.cwd"
{ printf '%q ' "$tool" "$@"; echo; } >>"$FAKE_DIR/log"
[ "${FAKE_FAIL-}" != "$tool ${1-}" ]
EOF
chmod +x "$work/bin/fake"
ln -s fake "$work/bin/docker"
ln -s fake "$work/bin/gcloud"

q() { printf '%q ' "$@"; echo; } # a command as the fakes log it

# Runs a script with the fakes first on PATH, from another folder than the repository; sets rc, out,
# err and log (the commands run).
run() {
  rm -rf "$FAKE_DIR" && mkdir -p "$FAKE_DIR" && : >"$FAKE_DIR/log"
  rc=0
  (cd "$work" && PATH="$work/bin:$PATH" exec "$@") >"$work/out" 2>"$work/err" || rc=$?
  out=$(<"$work/out") err=$(<"$work/err") log=$(<"$FAKE_DIR/log")
}
gcloud_argv() { # the argv of the gcloud call into the array `argv`
  argv=()
  local file
  for file in "$FAKE_DIR"/*.gcloud; do [ -f "$file" ] && mapfile -d '' -t argv <"$file"; done
}

configured_jobs() { # the config folders under $1/deploy/jobs
  local file
  for file in "$1"/deploy/jobs/*/job-config.env; do
    file=${file%/job-config.env}
    echo "${file##*/}"
  done
}
driver_jobs() { # the drivers under $1/drivers
  local file
  for file in "$1"/drivers/*_backfill.cpp; do
    file=${file##*/}
    echo "${file%_backfill.cpp}"
  done
}

# What deploy.sh must run for a job, written from its config: job project tag [root].
expected_commands() {
  (
    # shellcheck disable=SC1090
    . "${4:-$root}/deploy/jobs/$1/job-config.env"
    image="$REGION-docker.pkg.dev/$2/nbaraw/nbaraw-${1//_/-}:$3"
    env_vars="GCP_PROJECT_ID=$2"
    for key in BUCKET_NAME START_DATE END_DATE; do
      [ -z "${!key-}" ] || env_vars+="@$key=${!key}"
    done
    q docker build --platform linux/amd64 -f deploy/Dockerfile --build-arg "JOB_DRIVER=$JOB_DRIVER" -t "$image" .
    q docker push "$image"
    q gcloud run jobs deploy "$JOB_NAME" "--image=$image" "--region=$REGION" "--project=$2" \
      "--task-timeout=${TASK_TIMEOUT}s" "--memory=$MEMORY" "--cpu=$CPU" "--tasks=$TASKS" \
      "--parallelism=$PARALLELISM" "--max-retries=$MAX_RETRIES" "--service-account=$SERVICE_ACCOUNT" \
      "--set-env-vars=^@^$env_vars"
  )
}
config_value() { # job key [root]: the value in the job's config, empty without one
  local file=${3:-$root}/deploy/jobs/$1/job-config.env
  # shellcheck disable=SC1090
  if [ -f "$file" ]; then ( . "$file" && echo "${!2-}" ); fi
}

# A copy of the scripts and configs to break, with no git repository around it.
copy=$work/copy
make_copy() {
  rm -rf "$copy" && mkdir -p "$copy/scripts" "$copy/drivers"
  cp -r "$root/deploy" "$copy/"
  cp "$root/scripts/run_backfill" "$copy/scripts/"
  cp "$root"/drivers/*_backfill.cpp "$copy/drivers/"
}
export GIT_CEILING_DIRECTORIES=$work

# ---- sections ---------------------------------------------------------------------------------------
test_configs() {
  local job
  for job in $(driver_jobs "$root"); do
    checks=$((checks + 1))
    [ -f "$root/deploy/jobs/$job/job-config.env" ] ||
      fail "drivers/${job}_backfill.cpp has no deploy/jobs/$job/job-config.env (copy another job's and adapt it)"
  done
  # The reference's Cloud Run names, so that deploying updates the jobs that exist.
  local -A reference=([bdl_injuries]=bdl-injuries-processor-backfill [bdl_boxscores]=bdl-boxscores-processor-backfill
                      [odds_api_props]=odds-api-props-backfill [nbac_gamebook]=nbac-gamebook-processor-backfill)
  for job in "${!reference[@]}"; do
    [ -f "$root/deploy/jobs/$job/job-config.env" ] || continue
    expect_eq "$job: JOB_NAME is the reference's" "${reference[$job]}" "$(config_value "$job" JOB_NAME)"
  done
  local names
  names=$(for job in $(configured_jobs "$root"); do config_value "$job" JOB_NAME; done | sort | uniq -d)
  expect_eq "no two configs deploy the same Cloud Run job" "" "$names"
}

test_deploy() {
  local job head variant expected key flag value env_vars
  head=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo latest)
  for job in $(configured_jobs "$root"); do
    IMAGE_TAG=t-1 run "$root/deploy/deploy.sh" "$job"
    expect_eq "deploy $job: exit code (stderr: $err)" 0 "$rc"
    expected=$(expected_commands "$job" nba-props-platform t-1)
    expect_eq "deploy $job: the commands run" "$expected" "$log"
    expect_eq "deploy $job: docker builds from the repository root" "$root" "$(cat "$FAKE_DIR/0.cwd" 2>/dev/null)"
    # Each config key on its own, so that a dropped flag is named.
    gcloud_argv
    for flag in region:REGION task-timeout:TASK_TIMEOUT memory:MEMORY cpu:CPU tasks:TASKS \
                parallelism:PARALLELISM max-retries:MAX_RETRIES service-account:SERVICE_ACCOUNT; do
      value=$(config_value "$job" "${flag#*:}")
      [ "${flag#*:}" != TASK_TIMEOUT ] || value+=s
      expect_eq "deploy $job: gcloud gets --${flag%%:*} from ${flag#*:} exactly once" "--${flag%%:*}=$value" \
        "$(printf '%s\n' "${argv[@]}" | grep -E -- "^--${flag%%:*}(=|$)" || true)"
    done
    env_vars=$(printf '%s\n' "${argv[@]}" | sed -n 's/^--set-env-vars=^@^//p' | tr @ '\n')
    for key in START_DATE END_DATE BUCKET_NAME; do
      value=$(config_value "$job" "$key")
      expect_eq "deploy $job: gcloud sets $key from the config when it is not empty" \
        "${value:+$key=$value}" "$(grep "^$key=" <<<"$env_vars" || true)"
    done
    expect_line "deploy $job: the hint to execute it" "$err" \
      "gcloud run jobs execute $(config_value "$job" JOB_NAME) --region=$(config_value "$job" REGION) "

    for variant in "${job//_/-}" "${job}_backfill" "${job//_/-}-backfill"; do
      IMAGE_TAG=t-1 run "$root/deploy/deploy.sh" "$variant"
      expect_eq "deploy $variant: the same commands as $job (exit code $rc)" "$expected" "$log"
    done

    GCP_PROJECT_ID=other-project-7 run "$root/deploy/deploy.sh" "$job"
    expect_eq "deploy $job: GCP_PROJECT_ID and the commit as the tag" \
      "$(expected_commands "$job" other-project-7 "$head")" "$log"

    IMAGE_TAG=t-1 run "$root/deploy/deploy.sh" --dry-run "$job"
    expect_eq "deploy --dry-run $job: exit code (stderr: $err)" 0 "$rc"
    expect_eq "deploy --dry-run $job: runs nothing" "" "$log"
    # The printed lines are shell commands: read back, they are the commands a real run runs.
    expect_eq "deploy --dry-run $job: prints the commands" "$expected" \
      "$(while IFS= read -r line; do eval "q $line"; done <<<"$out")"
  done

  run "$root/deploy/deploy.sh" --list
  expect_eq "deploy --list: exit code" 0 "$rc"
  expect_eq "deploy --list: every configured job" "$(configured_jobs "$root")" "$(awk '{print $1}' <<<"$out")"
}

# Breaks one key of a config in the copy: job key value|--delete.
set_key() {
  local file=$copy/deploy/jobs/$1/job-config.env
  sed -i "/^$2=/d" "$file"
  [ "$3" == --delete ] || printf '%s=%s\n' "$2" "$3" >>"$file"
}
expect_refused() { # what: the last run exited 2, ran nothing, and said $2 on stderr
  expect_eq "$1: exit code (stderr: $err)" 2 "$rc"
  expect_eq "$1: runs nothing" "" "$log"
  expect_has "$1: the error names it" "$err" "$2"
}

test_failures() {
  make_copy
  local deploy=$copy/deploy/deploy.sh job key value
  job=$(configured_jobs "$copy" | sed -n 1p) # sed, not head: with pipefail, head may break the pipe

  for value in nope ../"$job" "${job^^}" "$job/" "$job x" "" "-$job"; do
    run "$deploy" "$value"
    expect_eq "deploy '$value': exit code (stderr: $err)" 2 "$rc"
    expect_eq "deploy '$value': runs nothing" "" "$log"
  done
  run "$deploy" nope
  expect_has "deploy nope: names the job" "$err" "'nope'"
  run "$deploy"
  expect_refused "deploy without a job" usage
  run "$deploy" "$job" "$job"
  expect_refused "deploy with two jobs" "one job at a time"

  for key in JOB_NAME JOB_DRIVER JOB_DESCRIPTION TASK_TIMEOUT MEMORY CPU TASKS PARALLELISM MAX_RETRIES \
             REGION SERVICE_ACCOUNT; do
    make_copy
    value=$(config_value "$job" "$key" "$copy")
    set_key "$job" "$key" --delete
    # A key in the caller's environment does not stand in for one missing from the config.
    export "$key=$value"
    IMAGE_TAG=t run "$deploy" "$job"
    unset "$key"
    expect_refused "deploy with no $key" "$key is missing"
    set_key "$job" "$key" ""
    run "$deploy" "$job"
    expect_refused "deploy with an empty $key" "$key is missing"
  done

  local bad
  for bad in JOB_NAME=Bdl-x JOB_NAME=-bdl JOB_NAME=bdl- JOB_NAME=bdl_x JOB_NAME=1bdl JOB_NAME=a"$(printf 'b%.0s' {1..63})" \
             JOB_DRIVER=nope_backfill JOB_DRIVER=../bin/sh TASKS=two TASKS=0 TASKS=1.5 MAX_RETRIES=-1 MAX_RETRIES=11 \
             PARALLELISM=x PARALLELISM=2 TASK_TIMEOUT=7200s TASK_TIMEOUT=604801 CPU=two MEMORY=4GB \
             REGION=US SERVICE_ACCOUNT=nobody START_DATE=2024-13 END_DATE=20240101 START_DATE=2099-01-01 \
             BUCKET_NAME=a@b; do
    make_copy
    set_key "$job" "${bad%%=*}" "${bad#*=}"
    run "$deploy" "$job"
    expect_refused "deploy with $bad" "${bad%%=*}"
  done
  make_copy
  set_key "$job" JOB_NAME "a$(printf 'b%.0s' {1..62})" # 63 characters: the longest name
  IMAGE_TAG=t run "$deploy" "$job"
  expect_eq "deploy with a 63-character JOB_NAME: exit code (stderr: $err)" 0 "$rc"

  make_copy
  GCP_PROJECT_ID="my project" run "$deploy" "$job"
  expect_refused "deploy with GCP_PROJECT_ID='my project'" GCP_PROJECT_ID
  IMAGE_TAG='v1;rm' run "$deploy" "$job"
  expect_refused "deploy with IMAGE_TAG='v1;rm'" IMAGE_TAG

  # A failed step stops the deploy before the next one.
  FAKE_FAIL="docker build" IMAGE_TAG=t run "$deploy" "$job"
  expect_eq "deploy with a failing docker build: exit code is not 0" 1 "$((rc != 0))"
  expect_eq "deploy with a failing docker build: only the build ran" "$(expected_commands "$job" nba-props-platform t "$copy" | sed -n 1p)" "$log"
  FAKE_FAIL="docker push" IMAGE_TAG=t run "$deploy" "$job"
  expect_eq "deploy with a failing docker push: exit code is not 0" 1 "$((rc != 0))"
  expect_eq "deploy with a failing docker push: gcloud is not called" "$(expected_commands "$job" nba-props-platform t "$copy" | sed -n 1,2p)" "$log"
  FAKE_FAIL="gcloud run" IMAGE_TAG=t run "$deploy" "$job"
  expect_eq "deploy with a failing gcloud: exit code is not 0" 1 "$((rc != 0))"

  # Outside a git repository the tag is latest; job names may hold digits.
  cp "$copy/drivers/${job}_backfill.cpp" "$copy/drivers/nbac_scoreboard_v2_backfill.cpp"
  mkdir "$copy/deploy/jobs/nbac_scoreboard_v2"
  sed -e 's/^JOB_NAME=.*/JOB_NAME=nbac-scoreboard-v2-processor-backfill/' \
      -e 's/^JOB_DRIVER=.*/JOB_DRIVER=nbac_scoreboard_v2_backfill/' \
      "$copy/deploy/jobs/$job/job-config.env" >"$copy/deploy/jobs/nbac_scoreboard_v2/job-config.env"
  for value in nbac_scoreboard_v2 nbac-scoreboard-v2 nbac_scoreboard_v2_backfill; do
    run "$deploy" "$value"
    expect_eq "deploy $value (digits; no git, so tag latest)" \
      "$(expected_commands nbac_scoreboard_v2 nba-props-platform latest "$copy")" "$log"
  done
}

test_run_backfill() {
  local job jobs listed driver expected
  jobs=$(driver_jobs "$root")
  for args in "" --list; do
    run "$root/scripts/run_backfill" ${args:+"$args"}
    expect_eq "run_backfill $args: exit code" 0 "$rc"
    listed=$(awk '{print $1}' <<<"$out")
    for job in $jobs; do
      expect_line "run_backfill $args: lists $job with a description" "$out" "^$job +[^ ]"
    done
    expect_eq "run_backfill $args: lists each job once" "$(sort -u <<<"$listed")" "$listed"
  done

  # Fake drivers that print their name and argv, one per line.
  mkdir -p "$work/drivers"
  for job in $jobs; do
    driver=$(config_value "$job" JOB_DRIVER)
    driver=${driver:-${job}_backfill}
    # shellcheck disable=SC2016 # the fake's own $0 and $@
    printf '#!/bin/sh\necho "${0##*/}"\nprintf "%%s\\n" "$@"\n' >"$work/drivers/$driver"
    chmod +x "$work/drivers/$driver"
    expected=$(printf '%s\n' "$driver" --help "" "two words" --start-date=2024-01-01)
    for variant in "$job" "${job//_/-}" "${job}_backfill"; do
      NBARAW_BIN_DIR=$work/drivers run "$root/scripts/run_backfill" "$variant" --help "" "two words" --start-date=2024-01-01
      expect_eq "run_backfill $variant: runs $driver with the flags (exit $rc, stderr: $err)" "$expected" "$out"
    done
  done
  job=$(head -n1 <<<"$jobs")
  NBARAW_BIN_DIR=$work/nothing run "$root/scripts/run_backfill" "$job" --help
  expect_eq "run_backfill $job without its binary: exit code" 2 "$rc"
  expect_has "run_backfill $job without its binary: names it" "$err" "$work/nothing/"
  run "$root/scripts/run_backfill" nope
  expect_eq "run_backfill nope: exit code" 2 "$rc"
  expect_has "run_backfill nope: names the job" "$err" "'nope'"

  # A job with digits, with or without a config.
  make_copy
  cp "$copy/drivers/${job}_backfill.cpp" "$copy/drivers/nbac_scoreboard_v2_backfill.cpp"
  cp "$work/drivers/$(config_value "$job" JOB_DRIVER)" "$work/drivers/nbac_scoreboard_v2_backfill"
  run "$copy/scripts/run_backfill" --list
  expect_line "run_backfill --list: lists a job with digits" "$out" "^nbac_scoreboard_v2 "
  NBARAW_BIN_DIR=$work/drivers run "$copy/scripts/run_backfill" nbac-scoreboard-v2 --dry-run
  expect_eq "run_backfill nbac-scoreboard-v2: runs it" "$(printf '%s\n' nbac_scoreboard_v2_backfill --dry-run)" "$out"
}

package_of() { # the Debian package of a library path, under its real or its usrmerge name
  local path
  for path in "$(readlink -f "$1")" "$1" "${1#/usr}" "/usr$1"; do
    dpkg -S "$path" 2>/dev/null | cut -d: -f1 && return 0
  done
  echo "unknown-package-of-$1"
}

test_dockerfile() {
  local file=$root/deploy/Dockerfile text froms runtime last_user package bin
  text=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$file" | grep -v '^[[:space:]]*#') # one line per instruction
  froms=$(grep -E '^FROM ' <<<"$text" | awk '{print $2}' | paste -sd ' ')
  expect_eq "Dockerfile: a Debian 12 build stage and a slim runtime stage" "debian:12 debian:12-slim" "$froms"
  runtime=$(awk '/^FROM /{n++} n==2' <<<"$text")
  expect_line "Dockerfile: the build installs the dependencies with the project's script" "$text" \
    '^RUN .*scripts/install-deps\.sh'
  expect_line "Dockerfile: a Release build with Ninja" "$text" '^RUN .*cmake .*-G Ninja.*-DCMAKE_BUILD_TYPE=Release'
  expect_line "Dockerfile: builds the target of every drivers/*_backfill.cpp" "$text" \
    '--target .*drivers/\*_backfill\.cpp'
  for option in $(grep -oE -- '-DNBARAW_[A-Z_]+' <<<"$text" | cut -c3- | sort -u | paste -sd ' '); do
    expect_line "Dockerfile: $option is an option of CMakeLists.txt" "$(cat "$root/CMakeLists.txt")" "^option\($option "
  done
  expect_line "Dockerfile: every driver goes to /usr/local/bin" "$runtime" '^COPY --from=build .* /usr/local/bin/?$'
  expect_line "Dockerfile: the build stage collects every driver" "$text" 'cp build/bin/\*_backfill '
  expect_line "Dockerfile: JOB_DRIVER is a build argument of the runtime stage" "$runtime" '^ARG JOB_DRIVER$'
  # shellcheck disable=SC2016 # a literal $JOB_DRIVER
  expect_line "Dockerfile: the chosen driver is /usr/local/bin/job" "$runtime" 'ln -s "\$JOB_DRIVER" /usr/local/bin/job'
  expect_line "Dockerfile: the runtime installs ca-certificates" "$runtime" '^RUN .*apt-get install .*ca-certificates'
  last_user=$(grep -E '^USER ' <<<"$runtime" | tail -n1 | awk '{print $2}')
  checks=$((checks + 1))
  [[ -n $last_user && ! $last_user =~ ^(root|0)(:|$) ]] ||
    fail "Dockerfile: the runtime stage runs as a user that is not root" "  got: USER '$last_user'"
  expect_line "Dockerfile: every driver runs in the runtime stage (its libraries are there)" "$runtime" \
    '^RUN for d in /usr/local/bin/\*_backfill; do .* --version \|\| exit 1; done$'
  expect_eq "Dockerfile: the entrypoint is the chosen driver, so --args are its flags" \
    'ENTRYPOINT ["/usr/local/bin/job"]' "$(grep -E '^(ENTRYPOINT|CMD) ' <<<"$text" | tail -n1)"

  # The packages of the libraries a built driver links, when there is one, unsanitized, on Debian.
  local libs=""
  bin=$(find "${NBARAW_TEST_BIN_DIR:-$root/build/bin}" -maxdepth 1 -name '*_backfill' -type f 2>/dev/null | sed -n 1p)
  if [ -n "$bin" ] && command -v dpkg >/dev/null; then libs=$(ldd "$bin"); fi
  if [ -n "$libs" ] && [[ $libs != *libasan* && $libs != *libubsan* ]]; then
    for package in $(awk '/=> \//{print $3}' <<<"$libs" | while read -r lib; do package_of "$lib"; done | sort -u); do
      case $package in libc6 | libgcc-s1 | libstdc++6) continue ;; esac # in the base image
      expect_line "Dockerfile: the runtime installs $package, which ${bin##*/} links" "$runtime" \
        "^RUN .*apt-get install .* $package( |\$)"
    done
  else
    echo "note: no unsanitized driver built (or no dpkg): the runtime libraries were not compared with ldd"
  fi

  # The build context: build folders out, and in everything the build reads.
  local ignore=$root/.dockerignore path
  checks=$((checks + 1))
  [ -f "$ignore" ] || fail ".dockerignore: missing at the repository root (the build context)"
  expect_line ".dockerignore: everything is out unless listed" "$(cat "$ignore")" '^\*$'
  for path in CMakeLists.txt cmake/ include/ src/ drivers/ scripts/install-deps.sh \
              $(sed -nE 's/^[[:space:]]*add_subdirectory\(([a-z_]+).*/\1\//p' "$root/CMakeLists.txt" | grep -vxE 'tests/|fuzz/'); do
    expect_line ".dockerignore: lets $path in" "$(cat "$ignore")" "^!${path//./\\.}\$"
  done
}

sections=("$@")
((${#sections[@]})) || sections=(configs deploy failures run_backfill dockerfile)
for section in "${sections[@]}"; do
  "test_$section"
done
if ((failures)); then
  echo "deploy_test ${sections[*]}: $failures of $checks checks failed" >&2
  exit 1
fi
echo "deploy_test ${sections[*]}: all $checks checks passed"
