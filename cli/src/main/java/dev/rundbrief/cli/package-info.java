/**
 * The {@code rundbrief} command ({@link dev.rundbrief.cli.Main}): one class per command, the
 * workspace ({@code Workspace}), its validated configuration ({@code Config}) and the steps the
 * commands share ({@code Imports}, {@code Issues}, {@code Publishing}, {@code Sending}). Only
 * {@code Main} is public: the command line is the interface.
 */
package dev.rundbrief.cli;
