/**
 * The {@code lore} command line (picocli). The only package that prints, and the only one that
 * may use picocli, the progress bar and the chart library.
 */
package dev.lore.cli;
