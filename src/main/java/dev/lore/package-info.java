/**
 * lore: low-rank embeddings. Compresses the embedding layer of NLP models by truncated SVD into two
 * stacked trainable layers, following Acharya, Goel, Metallinou and Dhillon, "Online Embedding
 * Compression for Text Classification using Low Rank Matrix Factorization" (AAAI 2019).
 *
 * <p>Stages, one package each: {@code io} (embedding files), {@code linalg} (SVD), {@code compress}
 * (factorization, quantization, file format), {@code nn} (layers and models), {@code schedule}
 * (learning-rate schedules), {@code train} (datasets, training, experiments), {@code cli}, and
 * {@code dl4j} (DeepLearning4J layers and conversions; needs the optional DL4J dependency).
 */
package dev.lore;
