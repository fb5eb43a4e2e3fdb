package io.relstream.tokenize;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the text of a categorical or text cell and derives its vocabulary key. Stateless.
 */
final class ValueText {
  /** Values longer than this many chars get a key of a prefix and a hash, so keys stay small. */
  static final int MAX_KEY_CHARS = 64;

  private static final int KEY_PREFIX_CHARS = 48;

  /** Chars checked for unpaired surrogates: those that keys and word pieces read. */
  static final int CHECKED_CHARS = TextPieces.MAX_SCANNED_CHARS;

  /**
   * The marker of text that is not valid Unicode. Callers compare with {@code ==}, because a new
   * String instance is never identical to a decoded or given value.
   */
  static final String INVALID = new String("\u0000invalid");

  private ValueText() {}

  /**
   * Returns the text of a cell: a string as it is, a boolean as {@code true} or {@code false} and
   * bytes decoded as strict UTF-8. Returns {@link #INVALID} for bytes that are not valid UTF-8 and
   * for a string with an unpaired surrogate in its first {@link #CHECKED_CHARS} chars, and null
   * for any other Java type.
   */
  static String read(Object value) {
    if (value instanceof String text) {
      return hasUnpairedSurrogate(text) ? INVALID : text;
    }
    if (value instanceof Boolean flag) {
      return flag.toString();
    }
    if (value instanceof byte[] bytes) {
      return decodeUtf8(bytes);
    }
    return null;
  }

  /**
   * Returns the key under which the vocabulary counts a value: the value itself when it has at most
   * {@link #MAX_KEY_CHARS} chars, otherwise its first chars, an ellipsis and the hex of its hash.
   */
  static String key(String text) {
    if (text.length() <= MAX_KEY_CHARS) {
      return text;
    }
    int cut = KEY_PREFIX_CHARS;
    // A cut between the two halves of a surrogate pair would leave an unpaired surrogate.
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    long hash = StableHash.mixValue(StableHash.OFFSET_BASIS, text);
    return text.substring(0, cut) + '\u2026' + Long.toHexString(hash);
  }

  private static boolean hasUnpairedSurrogate(String text) {
    int end = Math.min(text.length(), CHECKED_CHARS);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return INVALID;
    }
  }
}
