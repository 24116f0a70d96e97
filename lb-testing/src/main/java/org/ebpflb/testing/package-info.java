/**
 * {@link org.ebpflb.testing.PrivilegedTier}: marks a test class that needs root and kernel features, skipped (and
 * recorded for the build summary) outside CI when it cannot run, failed under {@code CI=true}.
 */
package org.ebpflb.testing;
