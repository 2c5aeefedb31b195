/**
 * E-mail: renders a digest as HTML and plain-text mail, composes and signs the message, delivers it
 * over SMTP ({@code dev.rundbrief.mail.delivery}) and reads bounces ({@code
 * dev.rundbrief.mail.bounce}).
 */
module dev.rundbrief.mail {
  requires transitive dev.rundbrief.core;
  requires java.management;
  requires org.jsoup;
  requires com.github.mustachejava;
  requires jakarta.mail;
  requires org.eclipse.angus.mail;
  requires org.eclipse.angus.mail.dsn;

  exports dev.rundbrief.mail;
  exports dev.rundbrief.mail.bounce;
  exports dev.rundbrief.mail.delivery;
}
