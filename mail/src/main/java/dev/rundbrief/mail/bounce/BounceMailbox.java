package dev.rundbrief.mail.bounce;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.RundbriefException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.eclipse.angus.mail.pop3.POP3Folder;

/**
 * Reads a bounce mailbox over IMAP(S) or POP3(S) and hands each message to the caller, then moves
 * or deletes the messages the caller has processed (as configured).
 *
 * <p>Messages are read one at a time (memory stays small); a message larger than {@link
 * BounceClassifier#MAX_MESSAGE_BYTES} is skipped and left in place. Connect and read timeouts are
 * 30 seconds. TLS checks the certificate chain and the host name unless {@link
 * MailboxSettings#trustAllCertificates()} says otherwise.
 */
public final class BounceMailbox {
  private static final String TIMEOUT = "30000";

  private BounceMailbox() {}

  /** What one fetch did. */
  public record FetchReport(int read, int processed, int skipped, List<String> problems) {
    /** Copies the list. */
    public FetchReport {
      problems = List.copyOf(problems);
    }
  }

  /**
   * Reads every message in the folder.
   *
   * @param process handles one message and returns true when it is done with it (processed now or
   *     before); only those are moved or deleted
   * @throws RundbriefException if the server cannot be reached, the login is refused, or the folder
   *     does not exist
   */
  public static FetchReport fetch(MailboxSettings settings, Predicate<BounceMessage> process) {
    requireNonNull(settings, "settings");
    requireNonNull(process, "process");
    Session session = Session.getInstance(properties(settings));
    Store store;
    try {
      store = session.getStore(settings.protocol().id());
      store.connect(settings.host(), settings.port(), settings.user(), settings.password());
    } catch (AuthenticationFailedException e) {
      throw new RundbriefException(
          "bounce mailbox " + settings + ": login refused: " + oneLine(e), e);
    } catch (MessagingException e) {
      throw new RundbriefException(
          "bounce mailbox " + settings + ": cannot connect: " + oneLine(e), e);
    }
    try {
      return read(store, settings, process);
    } catch (MessagingException e) {
      throw new RundbriefException("bounce mailbox " + settings + ": " + oneLine(e), e);
    } finally {
      try {
        store.close();
      } catch (MessagingException e) {
        // Closed either way.
      }
    }
  }

  private static FetchReport read(
      Store store, MailboxSettings settings, Predicate<BounceMessage> process)
      throws MessagingException {
    Folder folder = store.getFolder(settings.folder());
    if (!folder.exists()) {
      throw new MessagingException("folder '" + settings.folder() + "' does not exist");
    }
    boolean changes = settings.after() != MailboxSettings.After.KEEP;
    folder.open(changes ? Folder.READ_WRITE : Folder.READ_ONLY);
    int read = 0;
    int processed = 0;
    int skipped = 0;
    List<String> problems = new ArrayList<>();
    List<Message> done = new ArrayList<>();
    boolean expunge = false;
    try {
      Message[] messages = folder.getMessages();
      for (Message m : messages) {
        String id = id(settings, folder, m);
        try {
          if (m.getSize() > BounceClassifier.MAX_MESSAGE_BYTES) {
            problems.add(
                id
                    + ": larger than "
                    + BounceClassifier.MAX_MESSAGE_BYTES
                    + " bytes, left in place");
            skipped++;
            continue;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
          m.writeTo(bytes);
          read++;
          if (process.test(new BounceMessage(id, bytes.toByteArray()))) {
            processed++;
            done.add(m);
          } else {
            skipped++;
          }
        } catch (IOException | MessagingException e) {
          problems.add(id + ": cannot be read: " + oneLine(e));
          skipped++;
        }
      }
      if (!done.isEmpty() && changes) {
        Message[] finished = done.toArray(new Message[0]);
        if (settings.after() == MailboxSettings.After.MOVE) {
          Folder target = store.getFolder(settings.moveTo());
          if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("folder '" + settings.moveTo() + "' cannot be created");
          }
          folder.copyMessages(finished, target);
        }
        folder.setFlags(finished, new Flags(Flags.Flag.DELETED), true);
        expunge = true;
      }
    } finally {
      folder.close(expunge);
    }
    return new FetchReport(read, processed, skipped, problems);
  }

  private static String id(MailboxSettings s, Folder folder, Message m) {
    try {
      if (folder instanceof UIDFolder uid) {
        return s.protocol().id() + ":" + folder.getFullName() + "/" + uid.getUID(m);
      }
      if (folder instanceof POP3Folder pop) {
        return s.protocol().id() + ":" + pop.getUID(m);
      }
    } catch (MessagingException e) {
      // fall back to the number
    }
    return s.protocol().id() + ":" + folder.getFullName() + "#" + m.getMessageNumber();
  }

  static Properties properties(MailboxSettings s) {
    Properties p = new Properties();
    String prefix = "mail." + s.protocol().id() + ".";
    p.put(prefix + "connectiontimeout", TIMEOUT);
    p.put(prefix + "timeout", TIMEOUT);
    p.put(prefix + "writetimeout", TIMEOUT);
    if (s.protocol().secure()) {
      if (s.trustAllCertificates()) {
        p.put(prefix + "ssl.trust", "*");
        p.put(prefix + "ssl.checkserveridentity", "false");
      } else {
        p.put(prefix + "ssl.checkserveridentity", "true");
      }
    }
    return p;
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null) {
      m = m + " (" + root.getMessage() + ")";
    }
    return BounceDecision.oneLine(m, 300);
  }
}
