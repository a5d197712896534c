package io.tenantseed.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The command's stdout: UTF-8 whatever the locale (an export holds any text, and a
 * {@code LANG=C} shell must not turn it into question marks), and a {@link PrintWriter} that
 * remembers why a write failed ({@code > /dev/full}, a closed pipe), which a plain one swallows.
 *
 * <pre>
 * StdoutWriter out = StdoutWriter.of(new FileOutputStream(FileDescriptor.out));
 * out.print("Café ✓");
 * out.flush();
 * if (out.checkError()) { System.err.println(out.failure()); }
 * </pre>
 */
final class StdoutWriter extends PrintWriter {

  private final Recording recording;

  private StdoutWriter(Recording recording) {
    super(recording, true);
    this.recording = recording;
  }

  /** The process's own stdout, not {@code System.out} (a PrintStream in the locale's charset). */
  static StdoutWriter system() {
    return of(new FileOutputStream(FileDescriptor.out));
  }

  static StdoutWriter of(OutputStream out) {
    return new StdoutWriter(new Recording(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
  }

  /** The first write that failed, or null. */
  IOException failure() {
    return recording.failure;
  }

  private static final class Recording extends FilterWriter {
    private volatile IOException failure;

    Recording(Writer out) {
      super(out);
    }

    @Override
    public void write(int c) throws IOException {
      try {
        super.write(c);
      } catch (IOException e) {
        throw recorded(e);
      }
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      try {
        super.write(buffer, offset, length);
      } catch (IOException e) {
        throw recorded(e);
      }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
      try {
        super.write(text, offset, length);
      } catch (IOException e) {
        throw recorded(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        super.flush();
      } catch (IOException e) {
        throw recorded(e);
      }
    }

    private IOException recorded(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }
  }
}
