/**
 * The sidecar exporter: {@link dev.jdbcmetrics.exporter.sidecar.SidecarMain} (the command
 * line) and {@link dev.jdbcmetrics.exporter.sidecar.Sidecar} (pools, SQL collectors,
 * {@code db_up} and {@code /probe} over {@link dev.jdbcmetrics.exporter.MetricsExporter}).
 * Everything else in this package is internal.
 */
package dev.jdbcmetrics.exporter.sidecar;
