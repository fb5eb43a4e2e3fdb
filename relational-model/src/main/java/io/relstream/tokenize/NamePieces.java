package io.relstream.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits table and column names into lowercase pieces and hashes them, so that a model gets
 * {@code fastestLapTime}, {@code fastest_lap_time} and {@code FastestLapTimes} as the same pieces
 * in any database. Pieces break at non-alphanumeric characters, at lower-to-upper case changes, at
 * the last capital of a run of capitals followed by lowercase ({@code URLPath} is {@code url},
 * {@code path}) and between letters and digits. A trailing plural {@code s} is dropped from pieces
 * longer than three letters unless they end in {@code ss}, {@code us} or {@code is}. Stateless.
 */
final class NamePieces {
  private NamePieces() {}

  /** Returns the pieces of a name in order. */
  static List<String> split(String name) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    int length = name.length();
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(piece, pieces);
        continue;
      }
      if (piece.length() > 0 && startsNewPiece(name, i)) {
        flush(piece, pieces);
      }
      piece.append(c);
    }
    flush(piece, pieces);
    return pieces;
  }

  /**
   * Returns the ids of the first {@code maxPieces} pieces of a name in {@code [1, buckets)}, padded
   * with 0, which means no piece.
   */
  static int[] ids(String name, int maxPieces, int buckets) {
    int[] ids = new int[maxPieces];
    List<String> pieces = split(name);
    for (int i = 0; i < maxPieces && i < pieces.size(); i++) {
      ids[i] = 1 + StableHash.bucket(StableHash.ofName(pieces.get(i)), buckets - 1);
    }
    return ids;
  }

  private static boolean startsNewPiece(String name, int i) {
    char previous = name.charAt(i - 1);
    char c = name.charAt(i);
    if (Character.isDigit(previous) != Character.isDigit(c)) {
      return true;
    }
    if (Character.isLowerCase(previous) && Character.isUpperCase(c)) {
      return true;
    }
    boolean nextIsLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
    return Character.isUpperCase(previous) && Character.isUpperCase(c) && nextIsLower;
  }

  private static void flush(StringBuilder piece, List<String> pieces) {
    if (piece.length() == 0) {
      return;
    }
    String lower = piece.toString().toLowerCase(Locale.ROOT);
    piece.setLength(0);
    pieces.add(singular(lower));
  }

  private static String singular(String piece) {
    boolean plural =
        piece.length() > 3
            && piece.endsWith("s")
            && !piece.endsWith("ss")
            && !piece.endsWith("us")
            && !piece.endsWith("is");
    return plural ? piece.substring(0, piece.length() - 1) : piece;
  }
}
