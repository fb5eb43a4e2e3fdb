package io.relstream.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The server's RocksDB store. The default column family maps {@code table/key} to the embedding's
 * JSON as it came from Kafka. The {@code meta} column family contains the next offset per topic
 * partition, the tables seen and the pinned model version. A batch of records and the offsets after
 * it are written in one atomic write, so after a restart the store resumes exactly after the last
 * record it contains. Thread-safe, because RocksDB is.
 */
final class EmbeddingStore implements AutoCloseable {
  private static final byte[] META = "meta".getBytes(StandardCharsets.UTF_8);
  private static final String OFFSET_PREFIX = "offset/";
  private static final String TABLE_PREFIX = "table/";
  private static final byte[] PINNED_VERSION = "pinned-version".getBytes(StandardCharsets.UTF_8);

  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions options;
  private final ColumnFamilyOptions columnOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle embeddings;
  private final ColumnFamilyHandle meta;
  private final WriteOptions writeOptions = new WriteOptions();
  private final Set<String> tables = new TreeSet<>();

  private EmbeddingStore(DBOptions options, ColumnFamilyOptions columnOptions, RocksDB db, List<ColumnFamilyHandle> handles) {
    this.options = options;
    this.columnOptions = columnOptions;
    this.db = db;
    this.embeddings = handles.get(0);
    this.meta = handles.get(1);
    loadTables();
  }

  /** Opens the store in {@code directory}, creating it when missing. */
  static EmbeddingStore open(Path directory) throws IOException {
    Files.createDirectories(directory);
    DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    ColumnFamilyOptions columnOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions),
        new ColumnFamilyDescriptor(META, columnOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles);
      return new EmbeddingStore(options, columnOptions, db, handles);
    } catch (RocksDBException e) {
      options.close();
      columnOptions.close();
      throw new IOException("Opening the RocksDB store in " + directory + " failed: " + e.getMessage(), e);
    }
  }

  private void loadTables() {
    byte[] prefix = TABLE_PREFIX.getBytes(StandardCharsets.UTF_8);
    try (RocksIterator iterator = db.newIterator(meta)) {
      for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
        String name = new String(iterator.key(), StandardCharsets.UTF_8);
        if (!name.startsWith(TABLE_PREFIX)) {
          break;
        }
        tables.add(name.substring(TABLE_PREFIX.length()));
      }
    }
  }

  /** Returns the embedding JSON of {@code table/key}, or null when the store has none. */
  byte[] get(String table, String key) throws RocksDBException {
    return db.get(embeddings, entityKey(table, key));
  }

  /** Returns whether a record of {@code table} was ever stored, deleted ones included. */
  synchronized boolean knowsTable(String table) {
    return tables.contains(table);
  }

  synchronized List<String> tables() {
    return List.copyOf(tables);
  }

  /** Returns the next offset to read in a partition, or empty when the store has read none of it. */
  OptionalLong nextOffset(String topic, int partition) throws RocksDBException {
    byte[] value = db.get(meta, offsetKey(topic, partition));
    return value == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(value).getLong());
  }

  /** Returns the pinned model version, or empty when none is pinned. */
  OptionalLong pinnedVersion() throws RocksDBException {
    byte[] value = db.get(meta, PINNED_VERSION);
    return value == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(value).getLong());
  }

  void pinVersion(long version) throws RocksDBException {
    db.put(meta, writeOptions, PINNED_VERSION, longBytes(version));
  }

  void unpinVersion() throws RocksDBException {
    db.delete(meta, writeOptions, PINNED_VERSION);
  }

  /** Returns RocksDB's estimate of the number of stored embeddings. */
  long estimatedEntries() {
    try {
      return db.getLongProperty(embeddings, "rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      return -1;
    }
  }

  /** Starts a batch of changes that {@link Batch#commit()} writes atomically. */
  Batch batch() {
    return new Batch();
  }

  /** Puts, deletes and offsets that become visible together. */
  final class Batch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();
    private final Set<String> newTables = new TreeSet<>();

    void put(String table, String key, byte[] json) throws RocksDBException {
      batch.put(embeddings, entityKey(table, key), json);
      noteTable(table);
    }

    void delete(String table, String key) throws RocksDBException {
      batch.delete(embeddings, entityKey(table, key));
      noteTable(table);
    }

    void offset(String topic, int partition, long nextOffset) throws RocksDBException {
      batch.put(meta, offsetKey(topic, partition), longBytes(nextOffset));
    }

    private void noteTable(String table) throws RocksDBException {
      if (!knowsTable(table) && newTables.add(table)) {
        batch.put(meta, (TABLE_PREFIX + table).getBytes(StandardCharsets.UTF_8), new byte[0]);
      }
    }

    void commit() throws RocksDBException {
      db.write(writeOptions, batch);
      synchronized (EmbeddingStore.this) {
        tables.addAll(newTables);
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  private static byte[] entityKey(String table, String key) {
    return (table + "/" + key).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] offsetKey(String topic, int partition) {
    return (OFFSET_PREFIX + topic + "/" + partition).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  @Override
  public void close() {
    writeOptions.close();
    embeddings.close();
    meta.close();
    db.close();
    columnOptions.close();
    options.close();
  }
}
