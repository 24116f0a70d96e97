/** The access-log plugin: {@link org.ebpflb.plugin.accesslog.AccessLogPlugin} and its parts. */
package org.ebpflb.plugin.accesslog;
