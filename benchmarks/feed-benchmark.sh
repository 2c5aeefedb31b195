#!/bin/sh
# Feed benchmarks, each subject interleaved with its reference in one JVM (see docs/benchmarks.md):
# reading (Rome's SyndFeedInput against FeedReader), writing (Rome's SyndFeedOutput against the RSS
# and Atom writers), and HtmlSanitizer against the OWASP Java HTML Sanitizer.
# Usage: benchmarks/feed-benchmark.sh [rounds]   (default 5; about 3-4 minutes on an idle 2-core machine)
set -eu
cd "$(dirname "$0")/.."
rounds="${1:-5}"
mvn -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true
cp=benchmarks/target/benchmarks.jar
echo "java: $(java -version 2>&1 | head -1); cpus: $(nproc)"
java -Xms2g -Xmx2g -cp "$cp" dev.rundbrief.benchmarks.FeedReadBenchmark "$rounds" 2>&1 | grep -v '^SLF4J'
java -Xms1g -Xmx1g -cp "$cp" dev.rundbrief.benchmarks.FeedWriteBenchmark "$rounds" 2>&1 | grep -v '^SLF4J'
java -Xms1g -Xmx1g -cp "$cp" dev.rundbrief.benchmarks.SanitizerComparison "$rounds" 2>&1 | grep -v '^SLF4J'
