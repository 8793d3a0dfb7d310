/**
 * The sidecar exporter: {@link dev.jdbcmetrics.sidecar.SidecarMain} (the command
 * line) and {@link dev.jdbcmetrics.sidecar.Sidecar} (pools, SQL collectors,
 * {@code db_up} and {@code /probe} over {@link dev.jdbcmetrics.exporter.MetricsExporter}).
 * Everything else in this package is internal.
 */
package dev.jdbcmetrics.sidecar;
