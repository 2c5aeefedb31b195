#!/bin/sh
# Delivery benchmark: Rundbrief's SMTP pool against Postfix's smtp-source, both sending to
# smtp-sink on a free loopback port. Usage: benchmarks/send-benchmark.sh [recipients] [connections]
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests
exec java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.rundbrief.benchmarks.SendBenchmark "$@"
