# Sourced by .ci/run: installs Debian's chromium and chromium-driver when missing. The console's browser tests
# (pims-server ConsoleBrowserTest, through Selenium) drive them headless; under CI=true a missing browser fails
# those tests instead of skipping them.
pims_install_chromium() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
  fi
  echo "ci: $(chromium --version 2>/dev/null | head -n 1); $(chromedriver --version 2>/dev/null | head -n 1)"
}
