package dev.rundbrief.mail.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SmtpSocketFactoryTest {
  @Test
  void createsSocketsWithTcpNoDelay() throws Exception {
    try (Socket s = SmtpSocketFactory.INSTANCE.createSocket()) {
      assertThat(s.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void theSmtpSessionUsesTheFactoryInEverySecurityMode() {
    for (SmtpSettings.Security security : SmtpSettings.Security.values()) {
      Properties p =
          SmtpSender.properties(
              SmtpSettings.builder("mail.example.org", 587).security(security).build());
      assertThat(p.get("mail.smtp.socketFactory")).isSameAs(SmtpSocketFactory.INSTANCE);
      // An ssl.socketFactory would replace this socket for implicit TLS.
      assertThat(p.get("mail.smtp.ssl.socketFactory")).isNull();
    }
  }

  @Test
  void writesReachThePeerOnFlushInOnePiece() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, loopback);
        Socket client = SmtpSocketFactory.INSTANCE.createSocket(loopback, server.getLocalPort());
        Socket peer = server.accept()) {
      OutputStream out = client.getOutputStream();
      assertThat(client.getOutputStream()).isSameAs(out);
      byte[] message = new byte[30 * 1024];
      Arrays.fill(message, (byte) 'x');
      // Four 8 KiB writes, as Angus's own buffer hands a 30 KiB message down.
      for (int off = 0; off < message.length; off += 8192) {
        out.write(message, off, Math.min(8192, message.length - off));
      }
      InputStream in = peer.getInputStream();
      peer.setSoTimeout(300);
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

      out.flush();
      peer.setSoTimeout(10_000);
      byte[] received = in.readNBytes(message.length);
      assertThat(received).isEqualTo(message);
    }
  }

  @Test
  void aClosedSocketRefusesItsStream() throws Exception {
    Socket s = SmtpSocketFactory.INSTANCE.createSocket();
    s.close();
    assertThatThrownBy(s::getOutputStream).isInstanceOf(java.net.SocketException.class);
  }
}
