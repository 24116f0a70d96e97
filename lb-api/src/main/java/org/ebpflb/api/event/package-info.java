/**
 * Events: a sealed family of records. They are the only way plugins learn of each other; the metrics plugin turns
 * them into metrics.
 */
package org.ebpflb.api.event;
