package io.tenantseed.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tenantseed.ErrorCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a command's results go: aligned text for people, or (with {@code --json}) exactly
 * one JSON document on stdout, for scripts. Messages that are not the result (what was
 * started, what is happening) go to stderr in both modes.
 */
final class Output {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[1;31m";
  private static final String RESET = "\u001b[0m";
  private static final int MAX_MESSAGE = 600;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean color;

  Output(PrintWriter out, PrintWriter err, boolean json, boolean color) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.color = color;
  }

  boolean json() {
    return json;
  }

  /**
   * A line of the human result; nothing under {@code --json}. It may hold names from the
   * database or the user: they are made {@linkplain TerminalText#printable printable} here,
   * for every line, so that no command can forget it.
   */
  void line(String text) {
    print(TerminalText.printable(text));
  }

  private void print(String printable) {
    if (!json) {
      out.println(printable);
      out.flush();
    }
  }

  /** A message about the work (not its result), on stderr in both modes; printable, as {@link #line}. */
  void note(String text) {
    err.println(TerminalText.printable(text));
    err.flush();
  }

  /** A question on stderr, printable, followed by {@code [y/N]} and no line break: the answer is typed after it. */
  void ask(String question) {
    err.print(TerminalText.printable(question) + " [y/N] ");
    err.flush();
  }

  /**
   * The stack trace of {@code failure} on stderr, as {@link Throwable#printStackTrace()} gives
   * it but one line per cause, printable: a message quoting a name with a line break stays on
   * its line.
   */
  void trace(Throwable failure) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    trace(failure, "", "", new StackTraceElement[0], seen);
    err.flush();
  }

  private void trace(Throwable failure, String caption, String indent, StackTraceElement[] enclosing,
      java.util.Set<Throwable> seen) {
    if (!seen.add(failure)) {
      err.println(indent + caption + "[circular reference: " + TerminalText.printable(failure.toString()) + "]");
      return;
    }
    err.println(indent + caption + TerminalText.printable(failure.toString()));
    StackTraceElement[] frames = failure.getStackTrace();
    int shared = 0; // the frames it shares with the trace that encloses it, shown as "... n more"
    while (shared < frames.length && shared < enclosing.length
        && frames[frames.length - 1 - shared].equals(enclosing[enclosing.length - 1 - shared])) {
      shared++;
    }
    for (int i = 0; i < frames.length - shared; i++) {
      err.println(indent + "\tat " + TerminalText.printable(frames[i].toString()));
    }
    if (shared > 0) {
      err.println(indent + "\t... " + shared + " more");
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      trace(suppressed, "Suppressed: ", indent + "\t", frames, seen);
    }
    if (failure.getCause() != null) {
      trace(failure.getCause(), "Caused by: ", indent, frames, seen);
    }
  }

  /** The result document under {@code --json}; nothing otherwise. */
  void result(Map<String, ?> document) {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(document));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the result as JSON: " + e.getOriginalMessage(), e);
      }
      out.flush();
    }
  }

  /** A raw document on stdout (an export), in both modes. */
  void raw(String text) {
    out.print(text);
    out.flush();
  }

  /**
   * A raw document on stdout written by {@code writing} as it goes, in both modes. A failed
   * write (a full disk, a closed pipe) stops the writing and is an error naming {@code what}:
   * a PrintWriter alone would swallow it and the command would succeed with half a document.
   */
  void raw(String what, Consumer<Writer> writing) {
    Writer checked = new Writer() {
      @Override
      public void write(char[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        failIfFailed();
      }

      @Override
      public void flush() throws IOException {
        failIfFailed();
      }

      @Override
      public void close() {}

      private void failIfFailed() throws IOException {
        // checkError flushes; the generator writes in chunks of some thousand characters.
        if (out.checkError()) {
          throw writeFailure();
        }
      }
    };
    try {
      writing.accept(checked);
    } catch (RuntimeException e) {
      if (out.checkError()) {
        throw stdoutFailed(what);
      }
      throw e;
    }
    if (out.checkError()) {
      throw stdoutFailed(what);
    }
  }

  private IOException writeFailure() {
    IOException failure = out instanceof StdoutWriter stdout ? stdout.failure() : null;
    return failure != null ? failure : new IOException("the write failed");
  }

  private CliException stdoutFailed(String what) {
    IOException failure = writeFailure();
    return new CliException(ErrorCode.UNEXPECTED, "writing " + what + " to stdout failed: " + CliException.reason(failure),
        failure);
  }

  /**
   * The one-line error, on stderr; under {@code --json} also as the result document.
   * {@code message} is the real one: the stderr line shows it {@linkplain TerminalText#printable
   * printable}, the document exactly (JSON escapes it).
   */
  void error(int exitCode, String kind, String message) {
    errorLine(message);
    if (json) {
      result(Map.of("error", Map.of("exitCode", exitCode, "kind", kind, "message", abbreviated(message))));
    }
  }

  /** The one-line error on stderr alone, for a failure the result document already describes. */
  void errorLine(String message) {
    // cut first, then escaped: the cut never splits an escape, and counts the message's own characters
    err.println(style(RED, "seed:") + " " + TerminalText.printable(abbreviated(message)));
    err.flush();
  }

  /**
   * The message, cut in its middle when it echoes a huge argument (a path or a name of
   * thousands of characters): how it starts and the reason at its end stay.
   */
  static String abbreviated(String message) {
    if (message.length() <= MAX_MESSAGE) {
      return message;
    }
    int head = MAX_MESSAGE * 2 / 3;
    int tail = message.length() - MAX_MESSAGE / 4;
    if (Character.isHighSurrogate(message.charAt(head - 1))) {
      head--;
    }
    if (Character.isLowSurrogate(message.charAt(tail))) {
      tail++;
    }
    return message.substring(0, head) + " ... (" + (tail - head) + " characters left out) ... "
        + message.substring(tail);
  }

  /**
   * Rows under a header, columns padded to their widest cell (as a terminal shows it); numbers
   * right-aligned. Cells are made {@linkplain TerminalText#printable printable} first.
   */
  void table(List<String> header, List<List<String>> rows) {
    if (json) {
      return;
    }
    List<List<String>> all = new ArrayList<>();
    all.add(header.stream().map(TerminalText::printable).toList());
    rows.forEach(row -> all.add(row.stream().map(TerminalText::printable).toList()));
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], TerminalText.width(row.get(i)));
      }
    }
    boolean[] numeric = new boolean[header.size()];
    for (int i = 0; i < header.size(); i++) {
      int column = i;
      numeric[i] = !rows.isEmpty() && all.stream().skip(1).allMatch(row -> row.get(column).matches("-?[0-9][0-9,]*"));
    }
    for (int r = 0; r < all.size(); r++) {
      StringBuilder line = new StringBuilder();
      List<String> row = all.get(r);
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String padding = " ".repeat(widths[i] - TerminalText.width(cell));
        boolean last = i == row.size() - 1;
        line.append(numeric[i] ? padding + cell : last ? cell : cell + padding);
        if (!last) {
          line.append("  ");
        }
      }
      print(r == 0 ? style(BOLD, line.toString()) : line.toString());
    }
  }

  private String style(String code, String text) {
    return color ? code + text + RESET : text;
  }
}
