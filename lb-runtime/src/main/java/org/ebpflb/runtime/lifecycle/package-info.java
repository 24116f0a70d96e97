/**
 * The lifecycle: bootstrap settings and plugin discovery before validation, the {@link
 * org.ebpflb.runtime.lifecycle.Engine} (plugins, pipeline, reconciler), the running
 * {@link org.ebpflb.runtime.lifecycle.LbRuntime} with its admin API and reload, and the offline round that
 * {@code lb explain} uses when no instance answers.
 */
package org.ebpflb.runtime.lifecycle;
