/**
 * The object store of blob and dataset values: {@link dev.kite.spi.data.DataStore}.
 */
package dev.kite.spi.data;
