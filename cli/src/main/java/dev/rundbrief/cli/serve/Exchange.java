package dev.rundbrief.cli.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its response, as the router sees them: the request line and headers, the body
 * already read (bounded, without holding a thread while it arrived), and one way to answer.
 *
 * <p>Exactly one of the {@code send} methods answers; the response is then written asynchronously
 * and Jetty's callback completes when the client has it.
 */
final class Exchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final byte[] body;
  private final boolean bodyTooLarge;
  private int status = -1;

  Exchange(Request request, Response response, Callback callback, byte[] body, boolean tooLarge) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.body = body;
    this.bodyTooLarge = tooLarge;
  }

  String method() {
    return request.getMethod();
  }

  /** The path as sent, still percent-encoded. */
  String rawPath() {
    String p = request.getHttpURI().getPath();
    return p == null ? "" : p;
  }

  /** The query as sent, still percent-encoded; null when there is none. */
  String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  /** The first value of a request header, null when absent. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The first value of a request header, null when absent. */
  String header(HttpHeader name) {
    return request.getHeaders().get(name);
  }

  /** Every value of a request header, in order. */
  List<String> headers(String name) {
    return request.getHeaders().getValuesList(name);
  }

  /** Every value of a request header, in order. */
  List<String> headers(HttpHeader name) {
    return request.getHeaders().getValuesList(name);
  }

  /** The request body (empty for none). */
  byte[] body() {
    return body;
  }

  /** Whether the body was longer than the server accepts (it was not read then). */
  boolean bodyTooLarge() {
    return bodyTooLarge;
  }

  /** The peer's address; the loopback address when the connection has none (never null). */
  InetAddress peer() {
    SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
    if (a instanceof InetSocketAddress isa && isa.getAddress() != null) {
      return isa.getAddress();
    }
    return InetAddress.getLoopbackAddress();
  }

  /** The {@code Host} header as the client sent it, empty when absent. */
  String host() {
    String h = request.getHeaders().get(HttpHeader.HOST);
    return h == null ? "" : h;
  }

  HttpFields.Mutable responseHeaders() {
    return response.getHeaders();
  }

  /** The status sent, -1 before. */
  int status() {
    return status;
  }

  boolean isHead() {
    return "HEAD".equals(request.getMethod());
  }

  /** Answers with a body (none for HEAD, but its length). */
  void send(int code, byte[] content) {
    send(code, ByteBuffer.wrap(content));
  }

  /** Answers with a body (none for HEAD, but its length); the buffer is not changed. */
  void send(int code, ByteBuffer content) {
    begin(code);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.remaining());
    response.write(true, isHead() ? null : content, callback);
  }

  /**
   * Answers with a body (none for HEAD, but its length) whose {@code Content-Length} field was
   * encoded beforehand; the buffer is not changed.
   */
  void send(int code, ByteBuffer content, HttpField contentLength) {
    begin(code);
    response.getHeaders().add(contentLength);
    response.write(true, isHead() ? null : content, callback);
  }

  /** Answers without a body (redirects). */
  void sendEmpty(int code) {
    begin(code);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, null, callback);
  }

  /** Answers {@code 304}. */
  void sendNotModified() {
    begin(304);
    response.write(true, null, callback);
  }

  /** Answers {@code 200} with a file streamed from disk (for files too big to keep in memory). */
  void sendFile(Path file, long size) throws IOException {
    begin(200);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
    if (isHead()) {
      response.write(true, null, callback);
      return;
    }
    Content.copy(Content.Source.from(file), response, callback);
  }

  private void begin(int code) {
    if (status != -1) {
      throw new IllegalStateException("answered twice");
    }
    status = code;
    response.setStatus(code);
  }
}
