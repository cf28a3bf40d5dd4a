# Sourced, not run: points JAVA_HOME at a JDK 21 or newer when the current one is older.
# The build targets Java 21 (maven.compiler.release), so JDK 17 cannot build it.

_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print v[1]; exit }'
}

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(_java_major "$JAVA_HOME")" -lt 21 ]; then
  _best=""
  _best_major=0
  for _jdk in /usr/lib/jvm/* "${HOME}"/.sdkman/candidates/java/* /opt/java/*; do
    [ -x "$_jdk/bin/javac" ] || continue
    _major="$(_java_major "$_jdk")"
    if [ -n "$_major" ] && [ "$_major" -ge 21 ] && [ "$_major" -gt "$_best_major" ]; then
      _best="$_jdk"
      _best_major="$_major"
    fi
  done
  if [ -z "$_best" ]; then
    echo "No JDK 21 or newer found: install one and set JAVA_HOME" >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME="$_best"
fi
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using JDK at $JAVA_HOME ($(_java_major "$JAVA_HOME"))"
unset -f _java_major
