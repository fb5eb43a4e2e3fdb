package io.relstream.modelstore;

import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.tokenize.Tokenizer;

/**
 * A model version loaded for inference: its manifest, the encoder with its weights and a tokenizer
 * fixed to its tokenizer version. Closing it closes the encoder.
 *
 * @param manifest the version's manifest
 * @param model the encoder with the version's weights
 * @param tokenizer a tokenizer whose current version is the manifest's; its sketches are empty
 */
public record LoadedModelVersion(ModelManifest manifest, RelationalEncoderModel model, Tokenizer tokenizer)
    implements AutoCloseable {

  @Override
  public void close() {
    model.close();
  }
}
