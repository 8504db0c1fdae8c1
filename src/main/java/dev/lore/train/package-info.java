/**
 * Labeled text datasets and their encoding (data side: {@link dev.lore.train.Dataset},
 * {@link dev.lore.train.EncodedDataset}, {@link dev.lore.train.MiniBatches}); the training loop
 * ({@link dev.lore.train.Trainer}, best-on-dev selection, early stopping); online embedding
 * compression of a trained model ({@link dev.lore.train.OnlineCompression}); the experiments that
 * compare it with its baselines ({@link dev.lore.train.Experiment}) and their result files; and
 * model files ({@link dev.lore.train.ModelFile}).
 *
 * <p>May import: everything in lore except {@code dev.lore.cli}.
 */
package dev.lore.train;
