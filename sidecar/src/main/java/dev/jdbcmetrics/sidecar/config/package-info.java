/**
 * The sidecar's YAML configuration as immutable records, read by
 * {@link dev.jdbcmetrics.sidecar.config.SidecarConfig#load(java.nio.file.Path)} with
 * errors that name the key, the line and the value, and never a secret.
 */
package dev.jdbcmetrics.sidecar.config;
