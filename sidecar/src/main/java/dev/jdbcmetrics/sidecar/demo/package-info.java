/**
 * {@code --demo}: an in-memory H2 shop, a synthetic workload and a sidecar watching it.
 */
package dev.jdbcmetrics.sidecar.demo;
