package io.relstream.discovery;

import io.relstream.schema.DatabaseSchema;
import java.util.List;

/**
 * The schema that discovery found and the tables it left out.
 *
 * @param schema the usable tables
 * @param skipped the tables left out, each with its reason
 */
public record DiscoveryResult(DatabaseSchema schema, List<SkippedTable> skipped) {

  public DiscoveryResult {
    skipped = List.copyOf(skipped);
  }
}
