package io.relstream.modelstore;

import java.io.IOException;
import java.util.List;

/**
 * The directory that model versions are written to and read from, with paths relative to it. The
 * writer and the reader work on this interface, so a local directory and a Flink file system (an
 * object store in production) share one implementation of the layout.
 */
public interface ModelStore {

  /**
   * Writes a file whole. Readers see either no file or the complete file.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the file exists, because versions are
   *     immutable
   */
  void write(String path, byte[] content) throws IOException;

  /**
   * Reads a whole file.
   *
   * @throws java.io.FileNotFoundException or {@link java.nio.file.NoSuchFileException} when it does
   *     not exist
   */
  byte[] read(String path) throws IOException;

  boolean exists(String path) throws IOException;

  /** Returns the names of the directories directly under the store's root, in no order. */
  List<String> directories() throws IOException;

  /** Deletes a file; a missing file is no error. */
  void delete(String path) throws IOException;

  /** Deletes a directory under the root with everything in it; a missing directory is no error. */
  void deleteDirectory(String name) throws IOException;

  /** Returns the URI of a path, as announcements name it. */
  String uri(String path);
}
