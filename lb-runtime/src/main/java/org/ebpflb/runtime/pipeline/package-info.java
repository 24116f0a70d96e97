/**
 * The weight pipeline: target expansion into base weights, modifiers in declared order with timeouts, the panic
 * rule, effective weights, Maglev tables and the per-group trace {@code lb explain} prints. Depends on lb-api, the
 * registry and the Maglev builder; nothing here writes to the data plane.
 */
package org.ebpflb.runtime.pipeline;
