/** Rundbrief's model: articles, their importers (text, Markdown, HTML pages) and digests. */
module dev.rundbrief.core {
  requires org.jsoup;
  requires org.commonmark;
  requires org.commonmark.ext.gfm.tables;
  requires org.snakeyaml.engine.v2;

  exports dev.rundbrief.core;
}
