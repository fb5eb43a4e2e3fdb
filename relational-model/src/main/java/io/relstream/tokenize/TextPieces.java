package io.relstream.tokenize;

/**
 * Cuts long text into hashed word pieces: maximal runs of letters and digits, lowercased, with runs
 * longer than {@link #MAX_PIECE_CHARS} cut into chunks of that length. A piece's bucket does not
 * depend on its column, so a word means the same in every text column. Stateless.
 */
final class TextPieces {
  static final int MAX_PIECE_CHARS = 16;

  /**
   * Chars of a value that are scanned for pieces, so that a 10 MB cell costs no more than a 64 KB
   * one.
   */
  static final int MAX_SCANNED_CHARS = 1 << 16;

  private TextPieces() {}

  /**
   * Writes the buckets in {@code [0, buckets)} of the first pieces of {@code text} into {@code out}
   * and returns how many it wrote, at most {@code out.length}.
   */
  static int buckets(String text, int buckets, int[] out) {
    int count = 0;
    int pieceChars = 0;
    long hash = StableHash.OFFSET_BASIS;
    int end = Math.min(text.length(), MAX_SCANNED_CHARS);
    for (int i = 0; i < end && count < out.length; ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (!Character.isLetterOrDigit(codePoint)) {
        if (pieceChars > 0) {
          out[count++] = StableHash.bucket(hash, buckets);
          pieceChars = 0;
          hash = StableHash.OFFSET_BASIS;
        }
        continue;
      }
      hash = StableHash.mixCodePoint(hash, Character.toLowerCase(codePoint));
      pieceChars++;
      if (pieceChars == MAX_PIECE_CHARS) {
        out[count++] = StableHash.bucket(hash, buckets);
        pieceChars = 0;
        hash = StableHash.OFFSET_BASIS;
      }
    }
    if (pieceChars > 0 && count < out.length) {
      out[count++] = StableHash.bucket(hash, buckets);
    }
    return count;
  }
}
