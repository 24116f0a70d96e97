/**
 * Markers and version of the plugin API. See {@link org.ebpflb.api.spi} for the extension points.
 *
 * <p>Who may depend on this module: everyone. It depends on typesafe-config only.
 */
package org.ebpflb.api;
