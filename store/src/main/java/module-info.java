/**
 * The one database (SQLite file or PostgreSQL): articles, issues, subscribers, sign-ups, the
 * delivery journal, bounces and send workers.
 */
module dev.rundbrief.store {
  requires transitive dev.rundbrief.core;
  requires transitive dev.rundbrief.mail;
  requires java.sql;
  requires java.logging;
  requires org.xerial.sqlitejdbc;
  // Flyway's jar has no module name of its own; its name is derived from the file name.
  requires flyway.core;

  exports dev.rundbrief.store;
}
