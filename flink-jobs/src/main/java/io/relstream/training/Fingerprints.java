package io.relstream.training;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints of model state, which restore records compare. Stateless. */
final class Fingerprints {
  private Fingerprints() {}

  /** Returns the SHA-256 of the bytes as lowercase hex. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256, so this would be a broken JVM.
      throw new IllegalStateException(e);
    }
  }
}
