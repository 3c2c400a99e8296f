# Sourced by .ci/run: the tools the documentation tests run the docs' commands with (pims-cli
# GettingStartedTest, DeploymentDocTest, ServerLogTest): bash, curl, jq, tar, and systemd-analyze for the unit
# of docs/deployment.md. Installed from Debian's packages when missing; those tests fail under CI=true without them.
pims_operator_tools() {
  local missing=""
  command -v curl >/dev/null 2>&1 || missing="$missing curl"
  command -v jq >/dev/null 2>&1 || missing="$missing jq"
  command -v tar >/dev/null 2>&1 || missing="$missing tar"
  command -v systemd-analyze >/dev/null 2>&1 || missing="$missing systemd"
  if [ -n "$missing" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
  echo "ci: documentation tools ready (curl, jq, tar, systemd-analyze)"
}
