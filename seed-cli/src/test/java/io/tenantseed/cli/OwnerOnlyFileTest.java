package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The temporary files seed clone and seed load --file - spool a tenant's data to. */
class OwnerOnlyFileTest {

  @Test
  void theFileIsReadableByItsOwnerAloneBeforeAndAfterStdinIsCopiedIntoIt() throws Exception {
    Path file = OwnerOnlyFile.create("seed-load-", "the test");
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

      OwnerOnlyFile.copy(new ByteArrayInputStream("{\"tenant\": 1}".getBytes(StandardCharsets.UTF_8)), file);
      OwnerOnlyFile.copy(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), file);

      assertThat(Files.readString(file)).isEqualTo("{}");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(file.getFileName().toString()).startsWith("seed-load-").endsWith(".json");
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
