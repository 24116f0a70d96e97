/** The circuit-breaker plugin: {@link org.ebpflb.plugin.circuitbreaker.CircuitBreakerPlugin} and its parts. */
package org.ebpflb.plugin.circuitbreaker;
