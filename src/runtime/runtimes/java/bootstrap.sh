#!/bin/sh
# Lambda Dojo: starts the Java runtime, as Lambda's own Java runtime starts from a shell script.
# Usage: bootstrap.sh <java> <class path> [<class-data-sharing archive>]
#
# The JVM's memory is sized from the function's memory size. Lambda's own Java runtime caps
# the heap near 85% of it; here the heap may grow to the whole memory size, so a function that
# keeps growing is stopped by the service's memory limit (Runtime.OutOfMemory, Max Memory Used
# at Memory Size), as on Lambda, rather than by the collector a little earlier. Class metadata
# and compiled code keep Lambda's shares (about 10% and 5%). The rest are Lambda's start-up
# choices for Java 17 and later: the serial collector, class data sharing, and the C1 compiler
# only (tiered compilation stopped at level 1), which starts faster. JAVA_TOOL_OPTIONS, a
# function setting, is read by the JVM itself and comes on top of these.

java="$1"
classpath="$2"
archive="$3"
# Layers' libraries (/opt/java/lib/*, which the service names in CLASSPATH) come after the
# function's own classes, as AWS's runtime loads them. -cp makes the JVM ignore CLASSPATH itself.
[ -n "$CLASSPATH" ] && classpath="$classpath:$CLASSPATH"
memory="${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-128}"

heap=$memory
metaspace=$((memory * 10 / 100))
codecache=$((memory * 5 / 100))
[ "$metaspace" -lt 24 ] && metaspace=24
[ "$codecache" -lt 8 ] && codecache=8

sharing="-Xshare:auto"
[ -n "$archive" ] && [ -f "$archive" ] && sharing="-Xshare:auto -XX:SharedArchiveFile=$archive"

# -XX:-UsePerfData: no hsperfdata file in the host's /tmp, one less file to write at start.
# java.io.tmpdir: the JVM on Linux ignores TMPDIR and uses /tmp, which is the environment's own
# /tmp only where the service can mount one; elsewhere TMPDIR names the environment's folder.
exec "$java" \
  -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \
  -XX:+UseSerialGC \
  $sharing \
  "-XX:MaxRAM=${memory}m" "-XX:MaxHeapSize=${heap}m" "-XX:MaxMetaspaceSize=${metaspace}m" "-XX:ReservedCodeCacheSize=${codecache}m" \
  -XX:-UsePerfData \
  -Djava.net.preferIPv4Stack=true \
  "-Djava.io.tmpdir=${TMPDIR:-/tmp}" \
  -cp "$classpath" \
  lambdadojo.runtime.Bootstrap
