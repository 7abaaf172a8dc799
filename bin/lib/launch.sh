# shellcheck shell=bash
# Starts one of jlvs's built jars on JDK 25; sourced by bin/jlvsd and bin/jlvsadm.
# $1: module directory, $2: jar name, $3: the command's name, rest: its arguments.
jlvs_launch() {
  local module=$1 jar=$2 name=$3
  shift 3
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  # shellcheck source=java.sh
  . "$root/bin/lib/java.sh"
  jlvs_select_java || exit 1
  if [ ! -d "$root/$module" ]; then
    echo "$name: not part of this build of jlvs yet (no $module/ module); see the status table in README.md" >&2
    exit 69 # EX_UNAVAILABLE
  fi
  local path=$root/$module/target/$jar
  if [ ! -f "$path" ]; then
    echo "$name: $module/target/$jar is not built; run ./jlvs build" >&2
    exit 69
  fi
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${JLVS_JAVA_OPTS:-} -jar "$path" "$@"
}
