/**
 * Rundbrief's model and the logic that needs no I/O: {@link dev.rundbrief.core.Article}, {@link
 * dev.rundbrief.core.Digest}, building digests, sanitizing HTML, plain-text conversion and the
 * importers for plain text, Markdown and HTML pages.
 */
package dev.rundbrief.core;
