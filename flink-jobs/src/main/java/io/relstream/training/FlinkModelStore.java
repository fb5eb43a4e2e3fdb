package io.relstream.training;

import io.relstream.modelstore.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A model store on any Flink file system: local here, an object store in production. A file is
 * written under a temporary name and renamed into place. Where rename is atomic, as on a local
 * disk, readers therefore never see half a file.
 *
 * <p>NOTE: only the local file system has been tested. On object stores Flink's rename may copy
 * the file, and whether a reader can see a partial copy there is unverified.
 */
final class FlinkModelStore implements ModelStore {
  private final Path root;
  private final FileSystem fileSystem;

  FlinkModelStore(String directory) throws IOException {
    this.root = new Path(directory);
    this.fileSystem = root.getFileSystem();
  }

  @Override
  public void write(String path, byte[] content) throws IOException {
    Path target = new Path(root, path);
    if (fileSystem.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    fileSystem.mkdirs(target.getParent());
    Path temporary = new Path(target.getParent(), target.getName() + ".inprogress");
    try (OutputStream out = fileSystem.create(temporary, FileSystem.WriteMode.OVERWRITE)) {
      out.write(content);
    }
    if (!fileSystem.rename(temporary, target)) {
      throw new IOException("Failed to rename " + temporary + " to " + target);
    }
  }

  @Override
  public byte[] read(String path) throws IOException {
    try (InputStream in = fileSystem.open(new Path(root, path))) {
      return in.readAllBytes();
    }
  }

  @Override
  public boolean exists(String path) throws IOException {
    return fileSystem.exists(new Path(root, path));
  }

  @Override
  public List<String> directories() throws IOException {
    List<String> names = new ArrayList<>();
    if (!fileSystem.exists(root)) {
      return names;
    }
    FileStatus[] entries = fileSystem.listStatus(root);
    if (entries == null) {
      return names;
    }
    for (FileStatus entry : entries) {
      if (entry.isDir()) {
        names.add(entry.getPath().getName());
      }
    }
    return names;
  }

  @Override
  public void delete(String path) throws IOException {
    fileSystem.delete(new Path(root, path), false);
  }

  @Override
  public void deleteDirectory(String name) throws IOException {
    fileSystem.delete(new Path(root, name), true);
  }

  @Override
  public String uri(String path) {
    return new Path(root, path).toUri().toString();
  }

  @Override
  public String toString() {
    return "FlinkModelStore{" + root + "}";
  }
}
