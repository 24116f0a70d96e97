/** The asynchronous event bus behind {@link org.ebpflb.api.event.EventBus}: one delivery thread, bounded queue. */
package org.ebpflb.runtime.event;
