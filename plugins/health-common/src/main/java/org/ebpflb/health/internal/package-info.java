/**
 * Implementation of the health-check library, not exported: block parsing and validation, the per-target state
 * machine, and "did you mean" suggestions.
 */
package org.ebpflb.health.internal;
