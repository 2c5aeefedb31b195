package dev.rundbrief.mail.delivery;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Creates the sockets of the SMTP connections: {@code TCP_NODELAY} set, and writes gathered until
 * the transport flushes.
 *
 * <p>Without {@code TCP_NODELAY}, the small final write of each message ({@code "\r\n.\r\n"}) waits
 * for the delayed ACK of the previous segment, about 40 ms per message.
 *
 * <p>Angus Mail writes through its own 8 KiB buffer, so a 30 KiB message left it as four writes to
 * the socket. Angus flushes after every command and at the end of the message, so a larger buffer
 * below its own sends each command, and each whole message with its final dot, in one system call:
 * 4 writes per message instead of 7. TLS records are flushed one by one by the JDK's TLS layer,
 * which then writes through this buffer unchanged.
 *
 * <p>Angus takes this factory from {@code mail.smtp.socketFactory} and calls {@link
 * #createSocket()}, then connects the socket itself; for STARTTLS and for implicit TLS (with no
 * {@code mail.smtp.ssl.socketFactory} set) it layers TLS over this socket, so both hold in all
 * three modes.
 */
final class SmtpSocketFactory extends SocketFactory {
  static final SmtpSocketFactory INSTANCE = new SmtpSocketFactory();

  /** Larger than a typical digest with its headers; a larger message goes out in 64 KiB writes. */
  static final int WRITE_BUFFER = 64 * 1024;

  private SmtpSocketFactory() {}

  @Override
  public Socket createSocket() throws SocketException {
    Socket s = new GatheringSocket();
    s.setTcpNoDelay(true);
    return s;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress address, InetSocketAddress local) throws IOException {
    Socket s = createSocket();
    try {
      if (local != null) {
        s.bind(local);
      }
      s.connect(address);
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** A socket whose output stream sends on flush, or when {@link #WRITE_BUFFER} bytes gathered. */
  private static final class GatheringSocket extends Socket {
    private OutputStream gathering;

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      // The socket's own checks (closed, not connected, output shut down) come first.
      OutputStream raw = super.getOutputStream();
      if (gathering == null) {
        gathering = new BufferedOutputStream(raw, WRITE_BUFFER);
      }
      return gathering;
    }
  }
}
