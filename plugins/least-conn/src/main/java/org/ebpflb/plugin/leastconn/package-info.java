/** The least-conn plugin: {@link org.ebpflb.plugin.leastconn.LeastConnPlugin} and its parts. */
package org.ebpflb.plugin.leastconn;
