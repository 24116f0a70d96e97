/**
 * The maintenance-window plugin: a {@link org.ebpflb.api.spi.WeightModifier} of kind ADMINISTRATIVE that gives the
 * targets listed in {@code lb.plugins.maintenance-window.targets} factor 0 while a daily window is open.
 *
 * <p>This module depends on lb-api alone and nothing depends on it: it is an example of a third-party plugin.
 */
package com.example.maintenance;
