/**
 * JMH benchmarks and benchmark commands for Rundbrief. Each benchmark measures Rundbrief against a
 * reference in the same run; the figures and the commands that produced them are in {@code
 * docs/benchmarks.md}.
 */
package dev.rundbrief.benchmarks;
