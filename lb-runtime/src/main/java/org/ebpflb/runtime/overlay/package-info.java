/**
 * Runtime changes (docs/OPERATING.md, "Runtime changes"): the overlay that {@code lb target ...}, {@code lb service
 * ...} and their admin routes write beside the configuration file ({@code <config>.runtime.conf}), as per-service
 * {@link org.ebpflb.runtime.overlay.ServiceChange}s of an {@link org.ebpflb.runtime.overlay.Overlay}, and
 * {@link org.ebpflb.runtime.overlay.OverlayFile} (where it lives, how it is written: a temporary file renamed over
 * it). Changes are generic: a whole service object (any key, plugin keys included), targets added or removed, a
 * target's weight. Reading and merging it over the main file is the {@code config} package's job; applying a change
 * is the lifecycle's. Depends on lb-api and typesafe-config only.
 */
package org.ebpflb.runtime.overlay;
