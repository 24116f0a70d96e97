/**
 * The {@link org.ebpflb.api.model.ServiceModel} plugins read ({@link org.ebpflb.runtime.model.ModelSnapshot}) and
 * the holder that swaps it together with the running configuration on reload and re-expansion.
 */
package org.ebpflb.runtime.model;
