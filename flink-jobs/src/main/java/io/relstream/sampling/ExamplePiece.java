package io.relstream.sampling;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;

/**
 * One row of an example, or its absence, sent to the assembler by the node that served it, or by
 * its parent's node when the parent's child sample keeps the row's values.
 *
 * @param exampleId the example the piece belongs to
 * @param path the row's position in the walk; the seed's is empty
 * @param row the row as of the seed time, or null when it did not exist then or is unknown
 * @param seedTimeMillis the example's seed time
 * @param commitTimeMillis when the source committed the seed's change
 * @param credit the credit this piece returns; the example is complete when all has returned
 * @param previousRequestMillis the seed's {@link Example#previousRequestMillis()}; other pieces
 *     carry {@link Example#NO_PREVIOUS_REQUEST}
 */
@DefaultSerializer(RecordKryoSerializer.class)
@TypeInfo(ExamplePieceSerializer.Factory.class)
public record ExamplePiece(
    String exampleId, String path, ExampleRow row, long seedTimeMillis, long commitTimeMillis, long credit,
    long previousRequestMillis)
    implements Serializable {

  /** Creates a piece of the example of a change. */
  public ExamplePiece(
      String exampleId, String path, ExampleRow row, long seedTimeMillis, long commitTimeMillis, long credit) {
    this(exampleId, path, row, seedTimeMillis, commitTimeMillis, credit, Example.NO_PREVIOUS_REQUEST);
  }

  boolean isSeed() {
    return path.isEmpty();
  }
}
