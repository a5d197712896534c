package io.tenantseed.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The characters of a reader as UTF-8 bytes, streamed: {@code seed load --file -} reads the
 * command's stdin (a reader, so that tests can give it) with the import's byte parser,
 * without holding a million-asset export in memory.
 *
 * <pre>
 * InputStream in = new ReaderInputStream(context.in());
 * TenantGraph graph = CanonicalImport.read(in, dataSource);
 * </pre>
 */
final class ReaderInputStream extends InputStream {

  private final Reader reader;
  private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
      .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final CharBuffer chars = CharBuffer.allocate(8192).flip();
  private final ByteBuffer bytes = ByteBuffer.allocate(8192 * 3 + 16).flip();
  private boolean end;

  ReaderInputStream(Reader reader) {
    this.reader = reader;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!bytes.hasRemaining()) {
      if (end) {
        return -1;
      }
      chars.compact();
      int read = reader.read(chars);
      chars.flip();
      end = read < 0;
      bytes.clear();
      encoder.encode(chars, bytes, end);
      if (end) {
        encoder.flush(bytes);
        chars.position(chars.limit());
      }
      bytes.flip();
    }
    int count = Math.min(length, bytes.remaining());
    bytes.get(buffer, offset, count);
    return count;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
