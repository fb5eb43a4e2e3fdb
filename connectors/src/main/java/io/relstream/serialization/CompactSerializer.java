package io.relstream.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the hand-written serializers of the row changes and of the graph and sampling types,
 * which travel between the job's operators and live in their keyed state. Flink would otherwise
 * hand these types to Kryo, which writes every field with a class tag through reflection and copies
 * records by serializing them. Subclasses are stateless singletons that write the fields in a fixed
 * order.
 *
 * <p>NOTE: the layouts have no version field, so a change of a layout needs a new snapshot class,
 * and state written by Kryo before these serializers existed does not restore.
 */
public abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }
}
