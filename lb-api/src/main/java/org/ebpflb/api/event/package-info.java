/**
 * Events: a family of records that grows by minor API versions. They are the only way plugins learn of each other;
 * the metrics plugin turns them into metrics.
 */
package org.ebpflb.api.event;
