/** The drain plugin: {@link org.ebpflb.plugin.drain.DrainPlugin} and its package-private parts. */
package org.ebpflb.plugin.drain;
