/**
 * The JSON views of the admin API, shared with the CLI that reads them, and the one Jackson mapper both use.
 */
package org.ebpflb.runtime.view;
