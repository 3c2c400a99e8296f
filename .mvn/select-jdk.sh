# Sourced by ./mvnw, ./pims and .ci/run: makes JAVA_HOME point at a JDK of version 21 or newer.
# Keeps a JAVA_HOME that is already new enough; otherwise takes the newest JDK 21+ it finds.
pims_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
pims_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(pims_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(pims_java_major "$home")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then JAVA_HOME=$home; export JAVA_HOME; return 0; fi
  fi
  best=""; bestv=0
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$home/bin/javac" ] || continue
    v=$(pims_java_major "$home")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$home; bestv=$v; fi
  done
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "pims: a JDK 21 or newer is needed; set JAVA_HOME to one" >&2
  return 1
}

# Options that only newer JVMs accept (a JDK 21 refuses to start with an option it does not know). Prints,
# space-separated, those of the list that "$JAVA_HOME/bin/java" accepts, asking the JVM itself.
#   --sun-misc-unsafe-memory-access=allow  (JDK 23+): Maven's Guava calls sun.misc.Unsafe, which JDK 24+
#                                           warns about on every build
pims_newer_jvm_options() {
  accepted=""
  for option in --sun-misc-unsafe-memory-access=allow; do
    if "$JAVA_HOME/bin/java" "$option" -version >/dev/null 2>&1; then
      accepted="$accepted $option"
    fi
  done
  echo "$accepted"
}
