package io.relstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer layer: {@code x + attention(norm(x))}, then {@code x +
 * ffn(norm(x))} with a GELU feed-forward block. An additive bias decides which keys each head may
 * attend to. The inputs are the states {@code [B, L, D]}, a mask that broadcasts to the scores
 * {@code [B, heads, L, L]} ({@code [B, heads, L, L]} for relational attention, {@code [B, 1, 1,
 * L]} for key padding alone) and, for a layer with row relations, the one-hot relations {@code [B,
 * R, L, L]}. The output is the new states {@code [B, L, D]}. It keeps no state between calls
 * besides its parameters.
 *
 * <p>A layer with row relations adds to the scores a learned scalar per head and relation, and a
 * fixed prior for keys in the query's own row. Without them a cell has to learn from the keys'
 * states alone that the cells of its own row matter most, which took the encoder with context rows
 * many more steps than the same encoder given the seed row alone.
 */
final class TransformerLayer extends AbstractBlock {
  /** Version 2 added the relation bias. */
  private static final byte VERSION = 2;

  /**
   * Fixed bias of every head for keys in the query's own row, added to the learned relation bias.
   * The learned bias starts at 0 and moves by about the learning rate per step, which is too slow
   * in a short run. Without the prior the heads spread their weight over all context cells, so
   * they learn the cells that the row itself repeats (a standing's position and its text) later
   * than the encoder given the seed row alone. QUALITY.md compares 0, 2 and 3 on F1.
   */
  static final float SAME_ROW_PRIOR = 2f;

  private static final int STATES_INPUT = 0;
  private static final int MASK_INPUT = 1;
  private static final int RELATIONS_INPUT = 2;

  private final int modelDim;
  private final int heads;
  private final int ffnDim;
  private final LayerNorm attentionNorm;
  private final Linear queryKeyValue;
  private final Linear attentionOutput;
  private final LayerNorm feedForwardNorm;
  private final Linear feedForwardIn;
  private final Linear feedForwardOut;
  private final Parameter relationBias;

  /** Creates a layer with {@code relations} row relations, or without relation bias for 0. */
  TransformerLayer(int modelDim, int heads, int ffnDim, int relations) {
    super(VERSION);
    this.modelDim = modelDim;
    this.heads = heads;
    this.ffnDim = ffnDim;
    relationBias =
        relations == 0
            ? null
            : addParameter(
                Parameter.builder()
                    .setName("relationBias")
                    .setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(heads, relations))
                    // Zero: the layer starts as one without relation bias.
                    .optInitializer(new ConstantInitializer(0f))
                    .build());
    // Axis 2 of [B, L, D]: the block's default would normalize over L and D together.
    attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
    queryKeyValue =
        addChildBlock("queryKeyValue", Linear.builder().setUnits(3L * modelDim).build());
    attentionOutput = addChildBlock("attentionOutput", Linear.builder().setUnits(modelDim).build());
    feedForwardNorm = addChildBlock("feedForwardNorm", LayerNorm.builder().axis(2).build());
    feedForwardIn = addChildBlock("feedForwardIn", Linear.builder().setUnits(ffnDim).build());
    feedForwardOut = addChildBlock("feedForwardOut", Linear.builder().setUnits(modelDim).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray states = inputs.get(STATES_INPUT);
    NDArray bias = inputs.get(MASK_INPUT);
    if (relationBias != null) {
      bias = bias.add(relationScores(store, inputs.get(RELATIONS_INPUT), training));
    }
    NDArray normalized =
        attentionNorm.forward(store, new NDList(states), training).singletonOrThrow();
    NDArray attended = attend(store, normalized, bias, training);
    NDArray afterAttention = states.add(attended);

    NDArray normalizedAgain =
        feedForwardNorm.forward(store, new NDList(afterAttention), training).singletonOrThrow();
    NDArray hidden =
        feedForwardIn.forward(store, new NDList(normalizedAgain), training).singletonOrThrow();
    NDArray activated = Activation.gelu(hidden);
    NDArray projected =
        feedForwardOut.forward(store, new NDList(activated), training).singletonOrThrow();
    return new NDList(afterAttention.add(projected));
  }

  /** Returns multi-head scaled dot-product self-attention of {@code x}, projected back to D. */
  private NDArray attend(ParameterStore store, NDArray x, NDArray bias, boolean training) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    int headDim = modelDim / heads;
    NDList qkv =
        queryKeyValue.forward(store, new NDList(x), training).singletonOrThrow().split(3, 2);
    NDArray queries = splitHeads(qkv.get(0), batch, length, headDim);
    NDArray keys = splitHeads(qkv.get(1), batch, length, headDim);
    NDArray values = splitHeads(qkv.get(2), batch, length, headDim);

    NDArray scores =
        queries.matMul(keys.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(headDim)).add(bias);
    NDArray weights = scores.softmax(-1);
    NDArray context = weights.matMul(values).transpose(0, 2, 1, 3).reshape(batch, length, modelDim);
    return attentionOutput.forward(store, new NDList(context), training).singletonOrThrow();
  }

  /**
   * Returns the relation bias {@code [B, heads, L, L]} of one-hot relations: the learned bias of
   * each head and relation plus the fixed same-row prior.
   */
  private NDArray relationScores(ParameterStore store, NDArray relations, boolean training) {
    Shape shape = relations.getShape();
    long batch = shape.get(0);
    long length = shape.get(2);
    NDArray perHead =
        store.getValue(relationBias, relations.getDevice(), training).expandDims(0);
    // An operation's result belongs to its first operand's manager, which for a parameter lives as
    // long as the model. Moving the view to the batch's manager frees it with the batch.
    perHead.attach(relations.getManager());
    float[] prior = new float[(int) shape.get(1)];
    prior[AttentionBias.SAME_ROW] = SAME_ROW_PRIOR;
    perHead = perHead.add(relations.getManager().create(prior).reshape(1, 1, prior.length));
    NDArray flat = relations.reshape(batch, shape.get(1), length * length);
    return perHead.matMul(flat).reshape(batch, heads, length, length);
  }

  /** Reshapes {@code [B, L, D]} to {@code [B, heads, L, D / heads]}. */
  private NDArray splitHeads(NDArray x, long batch, long length, int headDim) {
    return x.reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape states = inputShapes[0];
    attentionNorm.initialize(manager, dataType, states);
    queryKeyValue.initialize(manager, dataType, states);
    attentionOutput.initialize(manager, dataType, states);
    feedForwardNorm.initialize(manager, dataType, states);
    feedForwardIn.initialize(manager, dataType, states);
    feedForwardOut.initialize(manager, dataType, new Shape(states.get(0), states.get(1), ffnDim));
  }
}
