package io.relstream.tokenize;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns examples into tokens with a frozen {@link TokenizerVersion}, and keeps the live column
 * sketches (deterministic quantile sketches, DataSketches frequent items and HLL) from which it
 * builds the next version on a {@link RefreshSchedule}. Only {@link #refreshIfDue} and {@link #refresh} change the version, so
 * every example tokenized between two such calls gets the same version. Not thread-safe: use one
 * instance per operator. Its state comes back from {@link #snapshotSketches()} and the current
 * version's {@link TokenizerVersion#toBytes()} through {@link #restore}.
 */
public final class Tokenizer {
  private static final Logger LOG = LoggerFactory.getLogger(Tokenizer.class);
  private static final byte FORMAT = 1;

  private final TokenizerConfig config;

  /** Layouts by table name, in schema order so that snapshots of one schema are identical. */
  private final Map<String, TableLayout> layouts = new LinkedHashMap<>();

  private final SketchSet sketches;
  private final RefreshSchedule schedule;
  private final CellEncoder encoder;
  private final Set<String> tablesWithTruncatedSeeds = new HashSet<>();
  private TokenizerVersion version;

  public Tokenizer(DatabaseSchema schema, TokenizerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.encoder = new CellEncoder(config);
    for (TableSchema table : schema.tables()) {
      layouts.put(table.name(), TableLayout.of(table, config));
    }
    this.sketches = new SketchSet(layouts.values(), config);
    this.schedule = new RefreshSchedule(config);
    this.version = VersionBuilder.initial(layouts.values(), config);
  }

  public TokenizerConfig config() {
    return config;
  }

  /**
   * Returns the size of the shared value vocabulary, which the encoder's embedding and output need.
   */
  public int vocabularySize() {
    return config.vocabularySize();
  }

  /** Returns the version that {@link #tokenize} uses now. */
  public TokenizerVersion version() {
    return version;
  }

  /** Returns the number of rows the sketches have observed. */
  public long observedRows() {
    return sketches.rows();
  }

  /**
   * Adds the seed row's values to the live sketches. Only the seed is observed, because it is the
   * row whose change produced the example, so each change of the database counts once however
   * many examples show the row as a parent or child. The current version does not change.
   *
   * @throws IllegalArgumentException when the seed's table is not in the schema
   */
  public void observe(Example example) {
    ExampleRow seed = example.seed();
    sketches.observe(layout(seed, example), seed);
  }

  /**
   * Builds a new version from the sketches when the schedule has one due, and returns whether it
   * did.
   *
   * @param nowMillis the current processing time, which the schedule's interval is measured in
   */
  public boolean refreshIfDue(long nowMillis) {
    if (!schedule.isDue(sketches.rows(), nowMillis)) {
      return false;
    }
    refresh(nowMillis);
    return true;
  }

  /**
   * Makes a saved version current without changing the sketches, so that a tokenizer that serves a
   * saved model tokenizes exactly as the model's trainer did. Columns that the schema has but the
   * version lacks get empty statistics.
   */
  public void useVersion(TokenizerVersion saved) {
    version = withSchemaColumns(Objects.requireNonNull(saved, "saved"));
  }

  /** Builds a new version from the sketches now and makes it current. */
  public void refresh(long nowMillis) {
    long started = System.nanoTime();
    TokenizerVersion next =
        VersionBuilder.build(version.number() + 1, sketches, version, layouts.values(), config);
    reportIdentifierChanges(version, next);
    version = next;
    schedule.versionBuilt(sketches.rows(), nowMillis);
    LOG.info(
        "Tokenizer version {} built from {} rows in {} ms",
        next.number(),
        next.rowsObserved(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Returns the tokens of an example with the current version: the seed row's cells first, then
   * the other rows' cells in their order, cut at {@code maxTokens}. Key columns produce no tokens.
   * Because the seed comes first, truncation drops other rows' cells before any of the seed's,
   * unless the seed alone has more than {@code maxTokens} tokens.
   *
   * @throws IllegalArgumentException when a row's table is not in the schema
   */
  public TokenizedExample tokenize(Example example) {
    TokenBuffer tokens = new TokenBuffer(config.maxTokens(), config.namePieces());
    Map<String, Integer> rowIndexByNode = new HashMap<>();
    int rowIndex = 0;
    for (ExampleRow row : example.rows()) {
      if (tokens.isFull()) {
        break;
      }
      TableLayout layout = layout(row, example);
      tokens.startRow(row.hop(), viaRowIndex(row, example.seed(), rowIndexByNode));
      int before = tokens.size;
      addRow(layout, row, rowIndex, example.seedTimeMillis(), tokens);
      if (tokens.size > before) {
        // The first row of a node id keeps it, so rows of a served request, which share one key,
        // still hang off the seed when a parent comes from the seed's own table.
        rowIndexByNode.putIfAbsent(row.nodeId(), rowIndex);
        rowIndex++;
      }
    }
    warnIfSeedTruncated(example);
    return new TokenizedExample(
        example.seedTable(),
        example.seedKey(),
        example.seedTimeMillis(),
        example.commitTimeMillis(),
        version.number(),
        tokens.trim());
  }

  /**
   * Returns the row index of the row that {@code row} was reached from, or -1 for the seed and for
   * a row whose predecessor produced no tokens. A row without a recorded path at hop 1 counts as
   * reached from the seed. The parents of a served prediction request are such rows.
   */
  private static int viaRowIndex(
      ExampleRow row, ExampleRow seed, Map<String, Integer> rowIndexByNode) {
    if (row.role() == RowRole.SEED) {
      return -1;
    }
    String via = row.via();
    if (via == null && row.hop() == 1) {
      via = seed.nodeId();
    }
    return via == null ? -1 : rowIndexByNode.getOrDefault(via, -1);
  }

  /** Returns the tokens of every example, all with the current version. */
  public List<TokenizedExample> tokenizeAll(List<Example> examples) {
    List<TokenizedExample> tokenized = new ArrayList<>(examples.size());
    for (Example example : examples) {
      tokenized.add(tokenize(example));
    }
    return tokenized;
  }

  private void addRow(
      TableLayout layout, ExampleRow row, int rowIndex, long seedMillis, TokenBuffer tokens) {
    int roleId = roleId(row);
    Object[] values = row.values();
    for (TableLayout.Column column : layout.columns) {
      if (tokens.isFull()) {
        return;
      }
      ColumnVersion stats = version.column(column.qualifiedName);
      tokens.startCell(layout, column, roleId, rowIndex, stats, stats.classIds(config));
      // A row with too few values, for example one older than a column the table gained, reads
      // as a value of no Java type the encoder accepts, which gives an INVALID token.
      Object value = column.index < values.length ? values[column.index] : MissingValue.INSTANCE;
      if (isSeedTime(column, value, seedMillis)) {
        // An example is conditioned on its seed time, and the ages of the other timestamps give it
        // away, so a cell whose value is the seed time must not be a target.
        tokens.dropTargets();
      }
      encoder.encode(column, stats, value, seedMillis, tokens);
    }
  }

  /**
   * Returns whether a cell is an event-time cell whose value is the seed time: the seed row's own
   * time column, or the time column of the parent that the seed's table takes its time from.
   */
  static boolean isSeedTime(TableLayout.Column column, Object value, long seedMillis) {
    return column.timeColumn
        && !column.timeOfDay
        && CellValues.timestampSpecial(column, value) == CellValues.ORDINARY
        && ((Number) value).longValue() == seedMillis;
  }

  /**
   * Returns the serialized size in bytes of each content column's sketches, by {@code
   * table.column}: numeric columns first, then categorical and text columns.
   */
  public Map<String, Integer> sketchSizes() {
    return sketches.serializedSizes();
  }

  /**
   * Returns the live sketches and the refresh schedule in a binary form; DataSketches serializes
   * each sketch itself.
   */
  public byte[] snapshotSketches() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      schedule.write(out);
      byte[] sketchBytes = sketches.toBytes();
      out.writeInt(sketchBytes.length);
      out.write(sketchBytes);
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw, so this would be a bug.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Replaces the sketches, the schedule and the current version with snapshotted ones.
   *
   * @param sketchSnapshot bytes from {@link #snapshotSketches()}
   * @param versionBytes bytes from {@link TokenizerVersion#toBytes()}
   * @throws IllegalArgumentException when either cannot be read
   */
  public void restore(byte[] sketchSnapshot, byte[] versionBytes) {
    TokenizerVersion restored = TokenizerVersion.fromBytes(versionBytes);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(sketchSnapshot))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "Unsupported tokenizer snapshot format " + format + ": this tokenizer reads " + FORMAT);
      }
      schedule.read(in);
      int length = in.readInt();
      if (length < 0 || length > in.available()) {
        throw new IOException("sketch length " + length + " exceeds the remaining bytes");
      }
      byte[] sketchBytes = new byte[length];
      in.readFully(sketchBytes);
      sketches.readBytes(sketchBytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Invalid tokenizer snapshot of " + sketchSnapshot.length + " bytes: " + e, e);
    }
    version = withSchemaColumns(restored);
    LOG.info("Restored tokenizer version {} and sketches of {} rows", version.number(), sketches.rows());
  }

  /**
   * Returns the restored version, completed with empty statistics for columns that the schema
   * gained since, so that tokenizing never meets a column the version lacks.
   */
  private TokenizerVersion withSchemaColumns(TokenizerVersion restored) {
    TokenizerVersion empty = VersionBuilder.initial(layouts.values(), config);
    List<ColumnVersion> columns = new ArrayList<>();
    for (String column : empty.columnNames()) {
      ColumnVersion known = restored.find(column);
      columns.add(known != null ? known : empty.column(column));
    }
    return new TokenizerVersion(restored.number(), restored.rowsObserved(), columns);
  }

  private static void reportIdentifierChanges(TokenizerVersion before, TokenizerVersion after) {
    SortedSet<String> identifiers = after.identifierColumns();
    if (!identifiers.equals(before.identifierColumns())) {
      LOG.info(
          "Tokenizer version {}: columns {} look like identifiers (near-unique values) and are not"
              + " prediction targets; list a column as a target column to override",
          after.number(),
          identifiers);
    }
  }

  private TableLayout layout(ExampleRow row, Example example) {
    TableLayout layout = layouts.get(row.table());
    if (layout == null) {
      throw new IllegalArgumentException(
          "Example "
              + example.seedTable()
              + "/"
              + example.seedKey()
              + " contains a row of table "
              + row.table()
              + ", which the tokenizer's schema does not contain");
    }
    return layout;
  }

  private static int roleId(ExampleRow row) {
    return switch (row.role()) {
      case SEED -> 0;
      case PARENT -> 1;
      case CHILD -> 2;
    };
  }

  private void warnIfSeedTruncated(Example example) {
    TableLayout seed = layouts.get(example.seedTable());
    if (seed != null
        && seed.columns.size() > config.maxTokens()
        && tablesWithTruncatedSeeds.add(example.seedTable())) {
      LOG.warn(
          "Table {} has {} content columns but maxTokens is {}, so its seed rows lose cells",
          example.seedTable(),
          seed.columns.size(),
          config.maxTokens());
    }
  }

  /** A value that a row lacks, for example after a column was added to the table. */
  private enum MissingValue {
    INSTANCE
  }
}
