package io.tenantseed.cli;

import io.tenantseed.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A temporary file for a tenant's data ({@code seed clone}'s export, {@code seed load --file -}'s
 * spooled stdin): readable by this user alone from its creation, and deleted at exit too, should
 * a signal end the run before the command's own {@code finally} deletes it. Written in place
 * ({@link #write}), never replaced by another file, so it keeps its permissions.
 *
 * <pre>
 * Path file = OwnerOnlyFile.create("seed-clone-", "the export");
 * try (OutputStream out = OwnerOnlyFile.write(file)) { ... } finally { Files.deleteIfExists(file); }
 * </pre>
 */
final class OwnerOnlyFile {

  private OwnerOnlyFile() {}

  /** A new empty file {@code prefix...json} in the temporary directory, {@code rw-------} where the file system has POSIX permissions. */
  static Path create(String prefix, String what) {
    FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    Path file;
    try {
      file = Files.createTempFile(prefix, ".json", ownerOnly);
    } catch (IOException e) {
      throw new CliException(ErrorCode.UNEXPECTED, "cannot create a temporary file for " + what + ": "
          + CliException.reason(e), e);
    }
    file.toFile().deleteOnExit();
    return file;
  }

  /** {@code file} opened for writing from its start, the file itself (its permissions kept). */
  static OutputStream write(Path file) throws IOException {
    return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** {@code in} copied into {@code file}, the file itself. */
  static void copy(InputStream in, Path file) throws IOException {
    try (OutputStream out = write(file)) {
      in.transferTo(out);
    }
  }
}
