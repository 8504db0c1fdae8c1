package dev.lore.dl4j;

import org.deeplearning4j.nn.conf.RNNFormat;

/**
 * What the runtime lookups need to know of their configuration, read once per call: the
 * vocabulary {@code V}, the output dimension {@code d}, the width {@code r} of the rows looked up
 * before the projection, the sequence layout (or none, for one id per example), and which of the
 * shared parameters {@code B} and {@code b} exist.
 *
 * @param vocabulary {@code V}, {@code >= 1}
 * @param dimension {@code d}, {@code >= 1}
 * @param width {@code r}: columns of the looked-up rows; {@code d} without a projection
 * @param sequence true for ids {@code [batch, T]}, false for {@code [batch, 1]} and output {@code [batch, d]}
 * @param inputLength the declared {@code T} (1 when not a sequence)
 * @param inferInputLength whether any {@code T} is accepted
 * @param format the layout of a sequence output (NCW when not a sequence)
 * @param projection whether the rows are multiplied by {@code B [r, d]}
 * @param bias whether {@code b [d]} is added
 */
record LookupShape(long vocabulary, long dimension, int width, boolean sequence, int inputLength,
        boolean inferInputLength, RNNFormat format, boolean projection, boolean bias) {}
