package io.relstream.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes and reads nullable strings in the byte format of Flink's {@code StringValue.writeString}
 * (Flink 1.20): the length plus one as a 7-bit variable-length integer, 0 for null, then each UTF-16
 * char as a 7-bit variable-length integer, so one byte for each char below 0x80. Keeping the format
 * lets state written by the earlier serializers be read unchanged. This class moves the bytes in
 * one block where it can, while {@code StringValue} moves them one byte at a time and looks up a
 * thread-local buffer on every read.
 */
final class StringCoding {
  private static final int HIGH_BIT = 0x80;
  /** Maximum bytes of one char: 16 bits in 7-bit groups. */
  private static final int MAX_CHAR_BYTES = 3;
  /** Maximum bytes of the length: 32 bits in 7-bit groups. */
  private static final int MAX_LENGTH_BYTES = 5;
  /** Chars encoded per block, so that the buffer stays small for long strings. */
  private static final int BLOCK_CHARS = 8_192;

  private StringCoding() {}

  static void write(String text, DataOutputView out) throws IOException {
    if (text == null) {
      out.write(0);
      return;
    }
    int length = text.length();
    if (length == Integer.MAX_VALUE) {
      throw new IOException("Cannot serialize a string of " + length + " chars: the maximum is "
          + (Integer.MAX_VALUE - 1));
    }
    byte[] ascii = asciiBytes(text);
    if (ascii != null) {
      writeLengthCode(length + 1, out);
      out.write(ascii);
      return;
    }
    byte[] buffer = new byte[MAX_LENGTH_BYTES + Math.min(length, BLOCK_CHARS) * MAX_CHAR_BYTES];
    int position = putVariableLength(buffer, 0, length + 1);
    for (int i = 0; i < length; i++) {
      if (position > buffer.length - MAX_CHAR_BYTES) {
        out.write(buffer, 0, position);
        position = 0;
      }
      position = putVariableLength(buffer, position, text.charAt(i));
    }
    out.write(buffer, 0, position);
  }

  /**
   * Returns the string's bytes when every char is below 0x80, so that each char is its own byte in
   * the format, else null. The JDK encodes a Latin-1 string without chars of 0x80 and above to UTF-8
   * by one array copy, which is much faster than a loop over the chars. The check is exact. A string
   * whose UTF-8 form has as many bytes as it has chars has only ASCII chars and lone surrogates. The
   * encoder writes '?' for a lone surrogate, so each '?' is checked against the char.
   */
  private static byte[] asciiBytes(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length != text.length()) {
      return null;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '?' && text.charAt(i) != '?') {
        return null;
      }
    }
    return bytes;
  }

  private static void writeLengthCode(int value, DataOutputView out) throws IOException {
    int rest = value;
    while (rest >= HIGH_BIT) {
      out.write(rest | HIGH_BIT);
      rest >>>= 7;
    }
    out.write(rest);
  }

  private static int putVariableLength(byte[] buffer, int position, int value) {
    int rest = value;
    while (rest >= HIGH_BIT) {
      buffer[position++] = (byte) (rest | HIGH_BIT);
      rest >>>= 7;
    }
    buffer[position++] = (byte) rest;
    return position;
  }

  static String read(DataInputView in) throws IOException {
    int lengthCode = readVariableLength(in, in.readUnsignedByte());
    if (lengthCode == 0) {
      return null;
    }
    int length = lengthCode - 1;
    // Every char takes at least one byte, so the first `length` bytes never read past the string.
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    int ascii = 0;
    while (ascii < length && bytes[ascii] >= 0) {
      ascii++;
    }
    if (ascii == length) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return readWide(in, bytes, ascii);
  }

  /** Decodes a string with chars of 0x80 and above: the block read so far, then byte by byte. */
  private static String readWide(DataInputView in, byte[] bytes, int ascii) throws IOException {
    char[] chars = new char[bytes.length];
    for (int i = 0; i < ascii; i++) {
      chars[i] = (char) bytes[i];
    }
    ByteSource source = new ByteSource(in, bytes, ascii);
    for (int i = ascii; i < chars.length; i++) {
      int first = source.next();
      int value = first & 0x7f;
      int shift = 7;
      int current = first;
      while (current >= HIGH_BIT) {
        current = source.next();
        value |= (current & 0x7f) << shift;
        shift += 7;
      }
      chars[i] = (char) value;
    }
    return new String(chars);
  }

  private static int readVariableLength(DataInputView in, int first) throws IOException {
    if (first < HIGH_BIT) {
      return first;
    }
    int value = first & 0x7f;
    int shift = 7;
    int current;
    while ((current = in.readUnsignedByte()) >= HIGH_BIT) {
      value |= (current & 0x7f) << shift;
      shift += 7;
    }
    return value | current << shift;
  }

  /** The bytes of a block already read, then those of the input. */
  private static final class ByteSource {
    private final DataInputView in;
    private final byte[] block;
    private int position;

    ByteSource(DataInputView in, byte[] block, int position) {
      this.in = in;
      this.block = block;
      this.position = position;
    }

    int next() throws IOException {
      return position < block.length ? block[position++] & 0xff : in.readUnsignedByte();
    }
  }
}
