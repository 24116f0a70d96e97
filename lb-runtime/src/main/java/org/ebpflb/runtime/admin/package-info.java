/**
 * The admin API: HTTP/JSON on jdk.httpserver, loopback by default, bearer token for mutating calls, core routes
 * plus the routes plugins register. Reads the instance through {@link org.ebpflb.runtime.admin.AdminBackend}.
 */
package org.ebpflb.runtime.admin;
