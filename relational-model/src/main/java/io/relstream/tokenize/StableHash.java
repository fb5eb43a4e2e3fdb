package io.relstream.tokenize;

/**
 * 64-bit FNV-1a over the UTF-8 bytes of strings, with a MurmurHash3 finalizer before taking a
 * bucket. The definition is fixed, so ids survive restarts and match between every process that
 * tokenizes, and a checkpointed model keeps its meaning. Stateless and thread-safe.
 */
final class StableHash {
  static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  /** Bytes of a value that the hash reads; the string length is mixed in as well. */
  static final int MAX_VALUE_BYTES = 256;

  private StableHash() {}

  /** Returns the hash state after every byte of a name such as {@code table.column}. */
  static long ofName(String name) {
    return mixString(OFFSET_BASIS, name, Integer.MAX_VALUE);
  }

  /**
   * Continues {@code state} with a value: its first {@link #MAX_VALUE_BYTES} UTF-8 bytes and its
   * length in chars, so a 1 MB string costs no more than a short one. An unpaired surrogate hashes
   * as U+FFFD instead of throwing.
   */
  static long mixValue(long state, String value) {
    long hash = mixString(state, value, MAX_VALUE_BYTES);
    return mixInt(hash, value.length());
  }

  /** Mixes a separator byte that no UTF-8 encoded character contains. */
  static long mixSeparator(long state) {
    return mixByte(state, 0xff);
  }

  /** Returns the bucket in {@code [0, buckets)} of a hash state. */
  static int bucket(long hash, int buckets) {
    return (int) Long.remainderUnsigned(finish(hash), buckets);
  }

  private static long mixString(long state, String text, int maxBytes) {
    long hash = state;
    int bytes = 0;
    int length = text.length();
    for (int i = 0; i < length && bytes < maxBytes; i++) {
      int codePoint = text.charAt(i);
      if (Character.isHighSurrogate((char) codePoint)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        codePoint = Character.toCodePoint((char) codePoint, text.charAt(i + 1));
        i++;
      } else if (Character.isSurrogate((char) codePoint)) {
        codePoint = 0xfffd;
      }
      hash = mixCodePoint(hash, codePoint);
      bytes += utf8Length(codePoint);
    }
    return hash;
  }

  /** Continues {@code hash} with the UTF-8 bytes of one code point. */
  static long mixCodePoint(long hash, int codePoint) {
    if (codePoint < 0x80) {
      return mixByte(hash, codePoint);
    }
    if (codePoint < 0x800) {
      hash = mixByte(hash, 0xc0 | (codePoint >>> 6));
      return mixByte(hash, 0x80 | (codePoint & 0x3f));
    }
    if (codePoint < 0x10000) {
      hash = mixByte(hash, 0xe0 | (codePoint >>> 12));
      hash = mixByte(hash, 0x80 | ((codePoint >>> 6) & 0x3f));
      return mixByte(hash, 0x80 | (codePoint & 0x3f));
    }
    hash = mixByte(hash, 0xf0 | (codePoint >>> 18));
    hash = mixByte(hash, 0x80 | ((codePoint >>> 12) & 0x3f));
    hash = mixByte(hash, 0x80 | ((codePoint >>> 6) & 0x3f));
    return mixByte(hash, 0x80 | (codePoint & 0x3f));
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    return codePoint < 0x10000 ? 3 : 4;
  }

  private static long mixInt(long hash, int value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      hash = mixByte(hash, (value >>> shift) & 0xff);
    }
    return hash;
  }

  private static long mixByte(long hash, int octet) {
    return (hash ^ (octet & 0xff)) * PRIME;
  }

  /** Spreads the bits with MurmurHash3's 64-bit finalizer, because FNV's low bits mix poorly. */
  private static long finish(long hash) {
    long h = hash;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
