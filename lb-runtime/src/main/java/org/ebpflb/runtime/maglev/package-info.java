/**
 * Weighted Maglev consistent-hashing tables built in Java from effective weights; the data plane only reads them.
 */
package org.ebpflb.runtime.maglev;
