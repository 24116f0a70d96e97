/**
 * The reconciler, the single owner of data-plane writes, and the backend selector over the tables it wrote.
 */
package org.ebpflb.runtime.reconcile;
