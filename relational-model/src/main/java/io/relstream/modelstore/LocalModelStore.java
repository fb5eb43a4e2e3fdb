package io.relstream.modelstore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model store in a local directory. A file is written under a temporary name and moved into
 * place atomically, so a reader never sees half a file.
 */
public final class LocalModelStore implements ModelStore {
  private final Path root;

  public LocalModelStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public void write(String path, byte[] content) throws IOException {
    Path target = resolve(path);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling(target.getFileName() + ".inprogress");
    Files.write(temporary, content);
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public byte[] read(String path) throws IOException {
    return Files.readAllBytes(resolve(path));
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(resolve(path));
  }

  @Override
  public List<String> directories() throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return names;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }

  @Override
  public void delete(String path) throws IOException {
    Files.deleteIfExists(resolve(path));
  }

  @Override
  public void deleteDirectory(String name) throws IOException {
    Path directory = resolve(name);
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(path);
        } catch (NoSuchFileException alreadyGone) {
          // Another pruner removed it first, which leaves the wanted result.
        }
      }
    }
  }

  @Override
  public String uri(String path) {
    return resolve(path).toUri().toString();
  }

  /** Resolves a relative path and rejects one that leaves the root. */
  private Path resolve(String path) {
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("Path " + path + " leaves the model directory " + root);
    }
    return resolved;
  }

  @Override
  public String toString() {
    return "LocalModelStore{" + root + "}";
  }
}
