package io.relstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder with its training heads. The input always starts with the {@link #ENCODER_INPUTS}
 * arrays of {@link BatchInputs#encoderInputs}. With {@link #EMBED_INPUTS} inputs the next is the
 * pooling weights and the output is the entity embeddings {@code [B, embeddingDim]}. With {@link
 * #TRAIN_INPUTS} inputs the next two are the flat positions of masked class and regression
 * targets, and the output is the class logits {@code [Nc, vocabularySize]} and the regression
 * predictions {@code [Nr]}. A token's input state is the sum of its value, column, table, role, row
 * and hop embeddings, the sums of its column-name and table-name piece embeddings, and the
 * projection of its numeric features (the normalized value and the time features). A masked token
 * adds the learned mask embedding of its column kind. Every layer reuses the batch's one attention
 * bias.
 */
final class RelationalEncoderBlock extends AbstractBlock {
  static final int ENCODER_INPUTS = 12;
  private static final int ATTENTION_BIAS_INPUT = 11;
  static final int EMBED_INPUTS = ENCODER_INPUTS + 1;
  static final int TRAIN_INPUTS = ENCODER_INPUTS + 2;
  private static final int ROLES = 3;
  /** Version 2 added hop and mask-kind embeddings; DJL rejects weights of version 1. */
  private static final byte VERSION = 2;

  private final EncoderConfig config;
  private final IdEmbedding valueEmbedding;
  private final IdEmbedding columnEmbedding;
  private final IdEmbedding tableEmbedding;
  private final IdEmbedding roleEmbedding;
  private final IdEmbedding rowEmbedding;
  private final IdEmbedding hopEmbedding;
  private final IdEmbedding maskKindEmbedding;
  private final IdEmbedding columnPieceEmbedding;
  private final IdEmbedding tablePieceEmbedding;
  private final Linear numericProjection;
  private final List<TransformerLayer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Linear classifier;
  private final Linear regressor;
  private final Linear embeddingProjection;

  RelationalEncoderBlock(EncoderConfig config) {
    super(VERSION);
    this.config = config;
    valueEmbedding = addChildBlock("valueEmbedding", embedding(config.vocabularySize()));
    columnEmbedding = addChildBlock("columnEmbedding", embedding(config.columnIdBuckets()));
    tableEmbedding = addChildBlock("tableEmbedding", embedding(config.tableIdBuckets()));
    roleEmbedding = addChildBlock("roleEmbedding", embedding(ROLES));
    // Row indexes tell the attention which cells share a row. BatchInputs caps them at maxTokens -
    // 1.
    rowEmbedding = addChildBlock("rowEmbedding", embedding(config.maxTokens()));
    hopEmbedding = addChildBlock("hopEmbedding", embedding(BatchInputs.MAX_HOP + 1));
    // Id 0 marks a visible token, whose mask-kind embedding is multiplied by 0 in encode.
    maskKindEmbedding = addChildBlock("maskKindEmbedding", embedding(BatchInputs.MASK_KINDS));
    columnPieceEmbedding =
        addChildBlock("columnPieceEmbedding", embedding(config.namePieceBuckets()));
    tablePieceEmbedding =
        addChildBlock("tablePieceEmbedding", embedding(config.namePieceBuckets()));
    numericProjection =
        addChildBlock("numericProjection", Linear.builder().setUnits(config.modelDim()).build());
    for (int i = 0; i < config.layers(); i++) {
      layers.add(
          addChildBlock(
              "layer" + i,
              new TransformerLayer(
                  config.modelDim(), config.heads(), config.ffnDim(), relations(config))));
    }
    finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
    classifier =
        addChildBlock("classifier", Linear.builder().setUnits(config.vocabularySize()).build());
    regressor = addChildBlock("regressor", Linear.builder().setUnits(1).build());
    embeddingProjection =
        addChildBlock(
            "embeddingProjection",
            Linear.builder().setUnits(config.embeddingDim()).optBias(false).build());
  }

  /** Returns the number of row relations whose bias the layers learn, 0 for none. */
  private static int relations(EncoderConfig config) {
    return config.attention() == AttentionMode.RELATIONAL && config.relationBias()
        ? AttentionBias.RELATIONS
        : 0;
  }

  private IdEmbedding embedding(int size) {
    return new IdEmbedding.Builder()
        .setDictionarySize(size)
        .setEmbeddingSize(config.modelDim())
        .build();
  }

  /**
   * Freezes the embedding projection. No loss reaches it, so it stays the seeded random projection
   * from the model width to the embedding size, which roughly preserves distances.
   */
  void freezeEmbeddingProjection() {
    embeddingProjection.freezeParameters(true);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray states = encode(store, inputs, training);
    if (inputs.size() == TRAIN_INPUTS) {
      return heads(
          store, states, inputs.get(ENCODER_INPUTS), inputs.get(ENCODER_INPUTS + 1), training);
    }
    if (inputs.size() == EMBED_INPUTS) {
      return new NDList(embed(store, states, inputs.get(ENCODER_INPUTS), training));
    }
    throw new IllegalArgumentException(
        "Expected " + EMBED_INPUTS + " or " + TRAIN_INPUTS + " inputs but got " + inputs.size());
  }

  /** Returns the final token states {@code [B, L, D]}. */
  private NDArray encode(ParameterStore store, NDList inputs, boolean training) {
    NDArray states =
        lookup(valueEmbedding, store, inputs.get(0), training)
            .add(lookup(columnEmbedding, store, inputs.get(1), training))
            .add(lookup(tableEmbedding, store, inputs.get(2), training))
            .add(lookup(roleEmbedding, store, inputs.get(3), training))
            .add(lookup(rowEmbedding, store, inputs.get(4), training))
            .add(pieceSum(columnPieceEmbedding, store, inputs.get(7), training))
            .add(pieceSum(tablePieceEmbedding, store, inputs.get(8), training))
            .add(lookup(hopEmbedding, store, inputs.get(9), training))
            .add(maskKindSum(store, inputs.get(10), training))
            .add(
                numericProjection
                    .forward(store, new NDList(inputs.get(5)), training)
                    .singletonOrThrow());
    NDList attention = attentionInputs(inputs.get(ATTENTION_BIAS_INPUT));
    for (TransformerLayer layer : layers) {
      NDList layerInputs = new NDList(states);
      layerInputs.addAll(attention);
      states = layer.forward(store, layerInputs, training).singletonOrThrow();
    }
    return finalNorm.forward(store, new NDList(states), training).singletonOrThrow();
  }

  /**
   * Returns the inputs of every layer after the states: for full
   * attention the key padding bias {@code [B, 1, 1, L]} unchanged; for relational attention the
   * group masks repeated to {@code [B, heads, L, L]}, so that each group's heads are adjacent, and
   * the row relations {@code [B, RELATIONS, L, L]}.
   */
  private NDList attentionInputs(NDArray bias) {
    if (config.attention() != AttentionMode.RELATIONAL) {
      return new NDList(bias);
    }
    int groups = EncoderConfig.ATTENTION_GROUPS;
    NDArray masks = bias.get(":, :" + groups);
    NDArray relations = bias.get(":, " + groups + ":");
    int perGroup = config.headsPerGroup();
    if (perGroup > 1) {
      Shape shape = masks.getShape();
      masks =
          masks
              .expandDims(2)
              .repeat(2, perGroup)
              .reshape(shape.get(0), config.heads(), shape.get(2), shape.get(3));
    }
    return new NDList(masks, relations);
  }

  private NDArray maskKindSum(ParameterStore store, NDArray ids, boolean training) {
    NDArray masked = ids.gt(0).toType(DataType.FLOAT32, false).expandDims(2);
    return lookup(maskKindEmbedding, store, ids, training).mul(masked);
  }

  private static NDArray lookup(
      IdEmbedding table, ParameterStore store, NDArray ids, boolean training) {
    return table.forward(store, new NDList(ids), training).singletonOrThrow();
  }

  /**
   * Returns the sum of the embeddings of the piece ids {@code [B, L, P]} as {@code [B, L, D]}; id 0
   * means no piece and adds nothing.
   */
  private static NDArray pieceSum(
      IdEmbedding table, ParameterStore store, NDArray ids, boolean training) {
    NDArray present = ids.gt(0).toType(DataType.FLOAT32, false).expandDims(3);
    return lookup(table, store, ids, training).mul(present).sum(new int[] {2});
  }

  private NDList heads(
      ParameterStore store,
      NDArray states,
      NDArray classPositions,
      NDArray regressionPositions,
      boolean training) {
    NDArray flat = states.reshape(-1, config.modelDim());
    NDArray classStates = flat.get(classPositions);
    NDArray logits =
        classifier.forward(store, new NDList(classStates), training).singletonOrThrow();
    NDArray regressionStates = flat.get(regressionPositions);
    NDArray predictions =
        regressor
            .forward(store, new NDList(regressionStates), training)
            .singletonOrThrow()
            .reshape(-1);
    return new NDList(logits, predictions);
  }

  /** Returns the L2-normalized projection of the weighted mean of the token states. */
  private NDArray embed(
      ParameterStore store, NDArray states, NDArray poolingWeights, boolean training) {
    NDArray pooled = states.mul(poolingWeights.expandDims(2)).sum(new int[] {1});
    NDArray projected =
        embeddingProjection.forward(store, new NDList(pooled), training).singletonOrThrow();
    NDArray norms = projected.norm(new int[] {1}, true).maximum(1e-12f);
    return projected.div(norms);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    if (inputShapes.length == TRAIN_INPUTS) {
      return new Shape[] {
        new Shape(inputShapes[ENCODER_INPUTS].get(0), config.vocabularySize()),
        new Shape(inputShapes[ENCODER_INPUTS + 1].get(0))
      };
    }
    return new Shape[] {new Shape(inputShapes[0].get(0), config.embeddingDim())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape ids = inputShapes[0];
    for (IdEmbedding table :
        List.of(
            valueEmbedding,
            columnEmbedding,
            tableEmbedding,
            roleEmbedding,
            rowEmbedding,
            hopEmbedding,
            maskKindEmbedding)) {
      table.initialize(manager, dataType, ids);
    }
    columnPieceEmbedding.initialize(manager, dataType, inputShapes[7]);
    tablePieceEmbedding.initialize(manager, dataType, inputShapes[8]);
    numericProjection.initialize(manager, dataType, inputShapes[5]);
    Shape states = new Shape(ids.get(0), ids.get(1), config.modelDim());
    for (TransformerLayer layer : layers) {
      layer.initialize(manager, dataType, states, inputShapes[ATTENTION_BIAS_INPUT]);
    }
    finalNorm.initialize(manager, dataType, states);
    Shape tokenStates = new Shape(1, config.modelDim());
    classifier.initialize(manager, dataType, tokenStates);
    regressor.initialize(manager, dataType, tokenStates);
    embeddingProjection.initialize(manager, dataType, tokenStates);
  }
}
