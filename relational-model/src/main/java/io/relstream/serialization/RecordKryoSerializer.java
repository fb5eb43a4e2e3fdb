package io.relstream.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Kryo serializer for Java records, named on a record with Kryo's {@code @DefaultSerializer}. Flink
 * falls back to Kryo for records nested in collections, and Kryo 2.24, the version inside Flink
 * 1.20, cannot write the final fields of a record. This serializer reads the components and calls the
 * canonical constructor instead.
 */
public final class RecordKryoSerializer<T extends Record> extends Serializer<T> {

  @Override
  public void write(Kryo kryo, Output output, T record) {
    try {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        kryo.writeClassAndObject(output, component.getAccessor().invoke(record));
      }
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new KryoException("Cannot read the components of " + record.getClass().getName(), e);
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<T> type) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = kryo.readClassAndObject(input);
      types[i] = components[i].getType();
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new KryoException("Cannot construct " + type.getName() + " from its components", e);
    }
  }
}
