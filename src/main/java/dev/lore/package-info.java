/**
 * lore: low-rank embeddings. Compresses the embedding layer of NLP models by truncated SVD into two
 * stacked trainable layers, following Acharya, Goel, Metallinou and Dhillon, "Online Embedding
 * Compression for Text Classification using Low Rank Matrix Factorization" (AAAI 2019).
 *
 * <p>Stages, one package each, in the order they may import one another: {@code io} (embedding
 * files), {@code linalg} (SVD, rank rules), {@code quant} (quantizers), {@code compress}
 * (factorization and quantization of an embedding, the {@code .lore} format), {@code schedule}
 * (learning-rate schedules, JDK only), {@code nn} (layers and models), {@code data} (datasets,
 * tokenizers, vocabularies, encoding), {@code train} (training loop, evaluation, online
 * compression), {@code model} (trained models and their files), {@code experiment} (grids and
 * result files), {@code cli}, and {@code dl4j} (DeepLearning4J layers and conversions; needs the
 * optional DL4J dependency). This package holds what every stage shares and imports none of them.
 */
package dev.lore;
