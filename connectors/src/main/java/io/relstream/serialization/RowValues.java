package io.relstream.serialization;

import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Writes and reads the parts that the compact serializers share: row values, nullable strings and
 * string maps. Row values are the CDC source's types (Long, Double, String, Boolean or null), each
 * behind a one-byte tag. A value of any other type is written with Java serialization, so a caller
 * that builds rows by hand still round-trips, only more slowly.
 */
public final class RowValues {
  private static final byte NULL = 0;
  private static final byte LONG = 1;
  private static final byte DOUBLE = 2;
  private static final byte STRING = 3;
  private static final byte TRUE = 4;
  private static final byte FALSE = 5;
  private static final byte INTEGER = 6;
  private static final byte JAVA_SERIALIZED = 7;

  private RowValues() {}

  /** Writes a value array, which may be null. */
  public static void write(Object[] values, DataOutputView out) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    for (Object value : values) {
      writeValue(value, out);
    }
  }

  /** Reads a value array that {@link #write} wrote. */
  public static Object[] read(DataInputView in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    Object[] values = new Object[length];
    for (int i = 0; i < length; i++) {
      values[i] = readValue(in);
    }
    return values;
  }

  private static void writeValue(Object value, DataOutputView out) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Long number) {
      out.writeByte(LONG);
      out.writeLong(number);
    } else if (value instanceof Double number) {
      out.writeByte(DOUBLE);
      out.writeDouble(number);
    } else if (value instanceof String text) {
      out.writeByte(STRING);
      StringCoding.write(text, out);
    } else if (value instanceof Boolean flag) {
      out.writeByte(flag ? TRUE : FALSE);
    } else if (value instanceof Integer number) {
      out.writeByte(INTEGER);
      out.writeInt(number);
    } else if (value instanceof Serializable) {
      out.writeByte(JAVA_SERIALIZED);
      byte[] bytes = InstantiationUtil.serializeObject(value);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else {
      throw new IOException("Cannot serialize a row value of type " + value.getClass().getName()
          + ": row values must be Long, Double, String, Boolean or another Serializable type");
    }
  }

  private static Object readValue(DataInputView in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case STRING -> StringCoding.read(in);
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case INTEGER -> in.readInt();
      case JAVA_SERIALIZED -> readJavaSerialized(in);
      default -> throw new IOException("Invalid row value tag " + tag + ": the state or stream is corrupt");
    };
  }

  private static Object readJavaSerialized(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    try {
      return InstantiationUtil.deserializeObject(bytes, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IOException("Cannot read a Java-serialized row value", e);
    }
  }

  /** Writes a string that may be null. */
  public static void writeString(String text, DataOutputView out) throws IOException {
    // The length code 0 stands for null, so no flag byte is needed.
    StringCoding.write(text, out);
  }

  /** Reads a string that {@link #writeString} wrote. */
  public static String readString(DataInputView in) throws IOException {
    return StringCoding.read(in);
  }

  /** Writes a map of strings, which may be null, in its iteration order. */
  public static void writeMap(Map<String, String> map, DataOutputView out) throws IOException {
    if (map == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(map.size());
    for (Map.Entry<String, String> entry : map.entrySet()) {
      writeString(entry.getKey(), out);
      writeString(entry.getValue(), out);
    }
  }

  /** Reads a map that {@link #writeMap} wrote, keeping its order. */
  public static Map<String, String> readMap(DataInputView in) throws IOException {
    int size = in.readInt();
    if (size < 0) {
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      map.put(readString(in), readString(in));
    }
    return map;
  }

  /** Returns a copy of a value array whose elements are shared, or null for null. */
  public static Object[] copy(Object[] values) {
    return values == null ? null : values.clone();
  }
}
